/// Why the test client could not complete a request.
public enum TestClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A request body could not be encoded.
    case encodingFailed(String)
    /// The response bytes were not valid HTTP/1.1.
    case malformedResponse(String)
    /// Redirects went on longer than the client follows.
    case tooManyRedirects(Int)
    /// The app's response could not be serialized (a header that may not be written).
    case unwritableResponse(String)
    /// The request target was not an origin-form path.
    case invalidTarget(String)
    /// The live transport could not reach the server.
    case connectionFailed(String)

    public var description: String {
        switch self {
        case .encodingFailed(let reason): return "could not encode the request body: \(reason)"
        case .malformedResponse(let reason): return "malformed response: \(reason)"
        case .tooManyRedirects(let count): return "stopped after \(count) redirects"
        case .unwritableResponse(let reason): return "the response cannot be written: \(reason)"
        case .invalidTarget(let target): return "\"\(target)\" is not a path starting with \"/\""
        case .connectionFailed(let reason): return "live transport: \(reason)"
        }
    }
}
