/// A request's start line and fields as the parser read them, with the framing and
/// connection semantics RFC 9112 derives from them.
struct HTTPRequestHead: Sendable, Equatable {
    /// How the request's content is delimited (RFC 9112 §6.3).
    enum Framing: Sendable, Equatable {
        case none
        case length(Int)
        case chunked
    }

    var method: HTTPMethod
    /// Origin form (`/path?query`) — an absolute-form target is reduced to it — or `*`.
    var target: String
    var version: HTTPVersion
    var headers: HTTPHeaders
    var framing: Framing
    /// Whether the connection may carry another request after this one.
    var keepAlive: Bool
    /// `Expect: 100-continue` on an HTTP/1.1 request.
    var expectsContinue: Bool
}
