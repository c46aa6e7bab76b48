import StrataHTTP

/// A value that describes its own response — return one from a handler and it is sent as
/// it says, with the route's layered headers and cookies added where it sets none.
///
/// ``Response`` conforms; so can your own types.
public protocol ResponseConvertible: Sendable {
    /// The response for this value.
    func makeResponse(context: RenderContext) throws -> Response
}

extension Response: ResponseConvertible {
    public func makeResponse(context: RenderContext) throws -> Response { self }
}

extension Response: DeclaredStatusChecking {
    static func problem(withDeclaredStatus status: HTTPStatus) -> String? {
        "declares status \(status), but returns Response, which carries its own status and would send it instead; "
            + "set it on the response (Response(status: \(status.code), …)) and remove status:"
    }
}
