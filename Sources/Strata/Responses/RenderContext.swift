import StrataHTTP

/// What a ``ResponseClass`` or ``ResponseConvertible`` knows when it renders a value: the
/// request, the route's status and media type, and the route's encoders.
public struct RenderContext: Sendable {
    /// The request being answered.
    public let request: Request
    /// The route's status: the handler's, or its method's default.
    public let status: HTTPStatus
    /// The status the handler declared itself, if it did (a ``Redirect`` keeps its own otherwise).
    public let declaredStatus: HTTPStatus?
    /// The route's media type, when it has one.
    public let mediaType: MediaType?
    let typeEncoders: TypeEncoders
    let nilEncoding: NilEncoding
    /// The app's template engine, if it has one.
    public let templateEngine: (any TemplateEngine)?

    /// Encodes `value` as JSON with the route's type encoders and nil encoding.
    public func json<T: Encodable>(_ value: T) throws -> [UInt8] {
        try JSONValueEncoder(typeEncoders: typeEncoders, nilEncoding: nilEncoding).encode(value)
    }

    /// Encodes `value` as MessagePack with the route's type encoders and nil encoding.
    public func messagePack<T: Encodable>(_ value: T) throws -> [UInt8] {
        try MessagePackEncoder(typeEncoders: typeEncoders, nilEncoding: nilEncoding).encode(value)
    }

    /// A context with no route specifics: status 200, no media type, default encoders.
    static func plain(_ request: Request) -> RenderContext {
        RenderContext(request: request, status: .ok, declaredStatus: nil, mediaType: nil, typeEncoders: TypeEncoders(), nilEncoding: .omitted,
                      templateEngine: nil)
    }

    /// The response Strata's default rendering gives `value`.
    public func defaultResponse(for value: any Sendable) throws -> Response {
        try Rendering.dynamicResponse(for: value, context: self)
    }
}
