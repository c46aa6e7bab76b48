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
