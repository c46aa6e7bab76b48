import FoundationEssentials
import StrataHTTP

/// The route's rendering, resolved at build: what status and media type a value gets, and
/// which response class (if any) renders it.
struct RenderConfiguration: Sendable {
    let status: HTTPStatus
    let declaredStatus: HTTPStatus?
    let mediaType: MediaType?
    let responseClass: (any ResponseClass)?
    let typeEncoders: TypeEncoders
    let nilEncoding: NilEncoding
    let templateEngine: (any TemplateEngine)?
    /// Parameters the route's layers require, checked with the handler's inputs.
    var layerParameters: [LayerParameter] = []
    /// The slots of the route's dependencies in its per-request scope.
    var dependencySlots: [DependencyKey: Int] = [:]
    /// The route's bound dependency providers, by slot.
    var dependencyProviders: [DependencyProvider.Bound] = []

    func context(for request: Request) -> RenderContext {
        RenderContext(request: request, status: status, declaredStatus: declaredStatus, mediaType: mediaType, typeEncoders: typeEncoders,
                      nilEncoding: nilEncoding, templateEngine: templateEngine)
    }
}

/// Turns handler values into responses.
enum Rendering {
    typealias Renderer<Output> = @Sendable (Output, Request) throws -> Response

    /// The renderer for a route returning `Output`, chosen once at build so a request pays
    /// for no type checks.
    static func renderer<Output: Sendable>(for type: Output.Type, configuration: RenderConfiguration) -> Renderer<Output> {
        if let responseClass = configuration.responseClass {
            let mediaType = configuration.mediaType?.withDefaultCharset()
            return { value, request in
                var response = try responseClass.response(for: value, context: configuration.context(for: request))
                // What the class leaves open, the route decides: its media type.
                if let mediaType, !response.headers.contains("Content-Type"), response.status.allowsContent,
                   !response.body.isEmpty || response.stream != nil || response.file != nil {
                    response.mediaType = mediaType
                }
                return response
            }
        }
        let status = configuration.status
        switch OutputShape(type) {
        case .empty:
            return { _, _ in Response(status: status) }
        case .text:
            return { value, _ in
                routeTyped(status: status, body: Array(reinterpret(value, as: String.self).utf8))
            }
        case .bytes:
            if type == Data.self {
                return { value, _ in routeTyped(status: status, body: Array(reinterpret(value, as: Data.self))) }
            }
            return { value, _ in routeTyped(status: status, body: reinterpret(value, as: [UInt8].self)) }
        case .convertible:
            return { value, request in
                // `OutputShape` put `Output` here only because it conforms.
                try (value as! any ResponseConvertible).makeResponse(context: configuration.context(for: request))
            }
        case .encodable:
            // `OutputShape` put `Output` here only because it conforms.
            let encodable = type as! any (Encodable & Sendable).Type
            return encodableRenderer(encodable, as: type, configuration: configuration)
        case .opaque:
            // The resolver refuses such a route without a response class; keep a defined
            // answer anyway rather than trapping.
            return { _, _ in throw HTTPError(.internalServerError) }
        }
    }

    private static func encodableRenderer<E: Encodable & Sendable, Output: Sendable>(_: E.Type, as _: Output.Type, configuration: RenderConfiguration) -> Renderer<Output> {
        let status = configuration.status
        if configuration.mediaType?.isMessagePack == true {
            let encoder = MessagePackEncoder(typeEncoders: configuration.typeEncoders, nilEncoding: configuration.nilEncoding)
            return { value, _ in routeTyped(status: status, body: try encoder.encode(reinterpret(value, as: E.self))) }
        }
        let encoder = JSONValueEncoder(typeEncoders: configuration.typeEncoders, nilEncoding: configuration.nilEncoding)
        return { value, _ in routeTyped(status: status, body: try encoder.encode(reinterpret(value, as: E.self))) }
    }

    /// A response whose `Content-Type` is the route's, encoded at build.
    @inline(__always)
    private static func routeTyped(status: HTTPStatus, body: [UInt8]) -> Response {
        var response = Response(status: status, body: body)
        response.usesRouteMediaType = true
        return response
    }

    /// Default rendering of a value whose type is known only at run time (a response
    /// class's fallback); the media type is set on the response itself.
    static func dynamicResponse(for value: any Sendable, context: RenderContext) throws -> Response {
        if let convertible = value as? any ResponseConvertible {
            return try convertible.makeResponse(context: context)
        }
        let shape = OutputShape(type(of: value))
        let mediaType = context.mediaType.flatMap { shape.canRender(as: $0) ? $0 : nil } ?? shape.naturalMediaType
        var response = Response(status: context.status)
        switch value {
        case is Void:
            return response
        case let text as String:
            response.body = Array(text.utf8)
        case let bytes as [UInt8]:
            response.body = bytes
        case let data as Data:
            response.body = Array(data)
        case let encodable as any Encodable:
            response.body = mediaType?.isMessagePack == true ? try context.messagePack(encodable) : try context.json(encodable)
        default:
            throw RenderingError(typeName: String(reflecting: type(of: value)))
        }
        response.mediaType = mediaType?.withDefaultCharset()
        return response
    }
}

/// A value the default rendering cannot write: not a `String`, bytes, `Encodable` or
/// ``ResponseConvertible``.
struct RenderingError: Error, CustomStringConvertible {
    let typeName: String
    var description: String { "Strata cannot render a value of type \(typeName): it is not Encodable, String, bytes or ResponseConvertible" }
}

/// `value` as `U`, for generic code that has established `T == U` from metatypes.
@inline(__always)
func reinterpret<T, U>(_ value: T, as _: U.Type) -> U {
    precondition(T.self == U.self, "reinterpret between different types")
    return unsafeBitCast(value, to: U.self)
}
