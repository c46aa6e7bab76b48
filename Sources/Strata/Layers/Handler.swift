import StrataHTTP

/// A route: methods, a path template, options, and an `async throws` function from a
/// ``Request`` to a typed value.
///
/// Usually written through ``Get``, ``Post`` and the other method shorthands; `Handler`
/// itself serves several methods at once:
///
/// ```swift
/// Handler([.put, .patch], "/{id:int}") { request in "updated \(try request.parameters.int("id"))" }
/// ```
///
/// The return type is static, so the route knows at build time how its values are written:
/// `Encodable` → JSON (MessagePack or any `+json` type when the media type says so),
/// `String` → text, `[UInt8]`/`Data` → bytes, `Void` → no content, ``Response`` and other
/// ``ResponseConvertible`` values → as they describe themselves. Tuples `(value, status)` and
/// `(value, status, headers)` set the status and headers too.
public struct Handler: RouteComponent, Layer {
    /// The methods this route answers.
    public var methods: [HTTPMethod]
    /// The path template relative to the enclosing layers, e.g. `/{id:int}`.
    public var path: String
    /// The success status; by default 201 for POST, 204 for DELETE and 200 otherwise.
    public var status: HTTPStatus?
    /// The response media type; by default the innermost layer's default media type where it
    /// fits, else what the return type implies.
    public var mediaType: MediaType?
    /// This layer's policies.
    public var policy: LayerPolicy
    /// The route's name, for ``ResolvedApp/url(for:parameters:query:)``; unique in an app.
    public var name: String?
    /// Whether the handler reads the content itself, as it arrives, from
    /// ``Request/bodyStream`` — instead of Strata collecting it into ``Request/body`` first.
    public var streamsRequestBody = false
    /// Whether this is a ``WebSocket`` route, whose 101 runs a handler on the connection.
    var acceptsWebSocket = false

    /// How values of the return type are serialized.
    let shape: OutputShape
    /// The return type, for build-time checks.
    let outputType: Any.Type
    /// The return type's name, for build errors.
    let outputTypeName: String
    /// Whether every value comes with its own status (the tuple forms), so the default
    /// status never applies to content.
    let returnsStatus: Bool
    /// Makes the request-to-response function once the route's rendering is resolved.
    let makeEndpoint: @Sendable (RenderConfiguration) -> Endpoint
    /// What the handler takes from requests, for the build-time checks.
    let inputs: [InputDeclaration]

    /// A route returning `Output`.
    public init<Output: Sendable>(
        _ methods: [HTTPMethod], _ path: String = "", status: HTTPStatus? = nil, mediaType: MediaType? = nil,
        policy: LayerPolicy = LayerPolicy(),
        handler: @escaping @Sendable (Request) async throws -> Output
    ) {
        self.init(methods, path, status: status, mediaType: mediaType, policy: policy, outputType: Output.self, returnsStatus: false) { configuration in
            let render = Rendering.renderer(for: Output.self, configuration: configuration)
            return { request in try render(try await handler(request), request) }
        }
    }

    /// A route returning a value and the status to send it with, e.g. `(user, .accepted)`.
    public init<Output: Sendable>(
        _ methods: [HTTPMethod], _ path: String = "", status: HTTPStatus? = nil, mediaType: MediaType? = nil,
        policy: LayerPolicy = LayerPolicy(),
        handler: @escaping @Sendable (Request) async throws -> (Output, HTTPStatus)
    ) {
        self.init(methods, path, status: status, mediaType: mediaType, policy: policy, tuple: { request in
            let (value, status) = try await handler(request)
            return (value, status, nil)
        })
    }

    /// A route returning a value and a status code, e.g. `(user, 202)`, as in Flask.
    ///
    /// Needed beside the `HTTPStatus` form: `HTTPStatus` is an integer literal too, but a
    /// literal's default type is `Int`, so without it `(user, 202)` would be taken as a value
    /// of type `(User, Int)`, which cannot be rendered.
    public init<Output: Sendable>(
        _ methods: [HTTPMethod], _ path: String = "", status: HTTPStatus? = nil, mediaType: MediaType? = nil,
        policy: LayerPolicy = LayerPolicy(),
        handler: @escaping @Sendable (Request) async throws -> (Output, Int)
    ) {
        self.init(methods, path, status: status, mediaType: mediaType, policy: policy, tuple: { request in
            let (value, code) = try await handler(request)
            return (value, HTTPStatus(code: code), nil)
        })
    }

    /// A route returning a value, a status and headers, e.g. `(user, .created, ["Location": url])`.
    /// The headers are the response's own: they beat every layer's.
    public init<Output: Sendable>(
        _ methods: [HTTPMethod], _ path: String = "", status: HTTPStatus? = nil, mediaType: MediaType? = nil,
        policy: LayerPolicy = LayerPolicy(),
        handler: @escaping @Sendable (Request) async throws -> (Output, HTTPStatus, HTTPHeaders)
    ) {
        self.init(methods, path, status: status, mediaType: mediaType, policy: policy, tuple: { request in
            let (value, status, headers) = try await handler(request)
            return (value, status, headers)
        })
    }

    /// A route returning a value, a status code and headers, e.g. `(user, 201, ["Location": url])`.
    public init<Output: Sendable>(
        _ methods: [HTTPMethod], _ path: String = "", status: HTTPStatus? = nil, mediaType: MediaType? = nil,
        policy: LayerPolicy = LayerPolicy(),
        handler: @escaping @Sendable (Request) async throws -> (Output, Int, HTTPHeaders)
    ) {
        self.init(methods, path, status: status, mediaType: mediaType, policy: policy, tuple: { request in
            let (value, code, headers) = try await handler(request)
            return (value, HTTPStatus(code: code), headers)
        })
    }

    /// The tuple forms: the value is rendered as usual, then the status and the headers —
    /// the response's own, so they beat every layer's — are applied.
    private init<Output: Sendable>(
        _ methods: [HTTPMethod], _ path: String, status: HTTPStatus?, mediaType: MediaType?, policy: LayerPolicy,
        tuple handler: @escaping @Sendable (Request) async throws -> (Output, HTTPStatus, HTTPHeaders?)
    ) {
        self.init(methods, path, status: status, mediaType: mediaType, policy: policy, outputType: Output.self, returnsStatus: true) { configuration in
            let render = Rendering.renderer(for: Output.self, configuration: configuration)
            return { request in
                let (value, status, headers) = try await handler(request)
                var response = try render(value, request)
                response.status = status
                if let headers {
                    for field in headers { response.headers.remove(field.name) }
                    response.headers.add(contentsOf: headers)
                }
                return response
            }
        }
    }

    init(
        _ methods: [HTTPMethod], _ path: String, status: HTTPStatus?, mediaType: MediaType?, policy: LayerPolicy,
        outputType: Any.Type, returnsStatus: Bool, inputs: [InputDeclaration] = [],
        makeEndpoint: @escaping @Sendable (RenderConfiguration) -> Endpoint
    ) {
        self.inputs = inputs
        self.returnsStatus = returnsStatus
        self.methods = methods
        self.path = path
        self.status = status
        self.mediaType = mediaType
        self.policy = policy
        self.shape = OutputShape(outputType)
        self.outputType = outputType
        self.outputTypeName = String(describing: outputType)
        self.makeEndpoint = makeEndpoint
    }

    /// This route, for the tree the app is built from.
    public var routeNode: RouteNode { RouteNode(.handler(self)) }

    /// This route, named `name` for building its URL.
    public func named(_ name: String) -> Handler {
        var copy = self
        copy.name = name
        return copy
    }

    /// This route, reading its content as it arrives from ``Request/bodyStream``.
    public func streamingRequestBody() -> Handler {
        var copy = self
        copy.streamsRequestBody = true
        return copy
    }

    /// The status a response to `method` gets when the handler names none.
    static func defaultStatus(for method: HTTPMethod) -> HTTPStatus {
        switch method {
        case .post: return .created
        case .delete: return .noContent
        default: return .ok
        }
    }
}

/// A resolved route's function from request to rendered response.
typealias Endpoint = @Sendable (Request) async throws -> Response
