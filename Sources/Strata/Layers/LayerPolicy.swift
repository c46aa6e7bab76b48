import StrataHTTP

/// Runs after the content is read and before middleware and the handler; returning a
/// response answers the request with it instead. Layers chain them outermost first.
public typealias BeforeRequestHook = @Sendable (inout Request) async throws -> Response?

/// Runs after a route's response is finalized and may replace it; layers chain them, the
/// handler's first, then each enclosing layer outward.
public typealias AfterRequestHook = @Sendable (Request, Response) async throws -> Response

/// The policies one layer — app, router, controller or handler — declares, for the response
/// and for the request.
///
/// Every layer carries the same set. When the app is built, each route's policies are
/// merged from the innermost layer outward by one of three rules (see `Documentation/Layers.md`):
///
/// | rule | policies |
/// |---|---|
/// | scalar — the innermost layer that sets one wins | ``cacheControl``, ``etag``, ``computesETag``, ``responseClass``, ``defaultMediaType``, ``nilEncoding``, ``requestBodyLimit``, ``runsBackgroundTasksConcurrently``, ``handlerExecutor``, ``accessLog``, ``requestIDs``, ``cors``, ``compression``, ``rateLimit``, ``csrf``, ``sessions`` |
/// | keyed — union by key, the innermost wins per key | ``headers`` (by case-insensitive name), ``cookies`` (by name, domain and path), ``typeEncoders`` (by type), ``exceptionHandlers`` (by error type or status), ``documentedHeaders``, ``documentedCookies`` |
/// | keyed — union by key, the innermost wins per key | ``metadata`` (by key type), ``dependencies`` (by type and name), ``parameters`` (by place and name) |
/// | per member (see ``OperationDocumentation``) | ``documentation`` |
/// | chain — composed, innermost first (response side) | ``afterRequest``, ``backgroundTasks`` |
/// | chain — composed, outermost first (request side) | ``guards``, ``beforeRequest``, ``middleware`` (the outermost wraps the rest) |
///
/// Values a handler sets on the ``Response`` it returns beat every layer.
public struct LayerPolicy: Sendable {
    /// Response headers; a layer may list a name more than once (e.g. `Link`).
    public var headers: HTTPHeaders
    /// Response cookies, sent as `Set-Cookie`.
    public var cookies: [Cookie]
    /// The `Cache-Control` of responses.
    public var cacheControl: CacheControl?
    /// A fixed `ETag` for responses.
    public var etag: ETag?
    /// Whether buffered 2xx responses without an ETag get a strong one computed from their
    /// content (a SHA-256 prefix), so conditional GETs can answer 304.
    public var computesETag: Bool?
    /// Turns a handler's value into a ``Response``; `nil` uses Strata's default rendering.
    public var responseClass: (any ResponseClass)?
    /// The media type for handlers that declare none, where it fits what they return.
    public var defaultMediaType: MediaType?
    /// The largest request content, in bytes, accepted before answering 413; 10 MB by default.
    public var requestBodyLimit: Int?
    /// Per-type overrides of how values are encoded.
    public var typeEncoders: TypeEncoders
    /// Whether nil optionals are left out of JSON and MessagePack bodies (the default) or
    /// written as `null`.
    public var nilEncoding: NilEncoding?
    /// Responses for errors, by error type or by status.
    public var exceptionHandlers: ExceptionHandlers
    /// Hooks run on the finalized response.
    public var afterRequest: [AfterRequestHook]
    /// Work run after the response is sent.
    public var backgroundTasks: [BackgroundTask]
    /// Whether a route's background tasks run at the same time rather than one by one.
    public var runsBackgroundTasksConcurrently: Bool?
    /// Headers described for the API documentation only; never sent.
    public var documentedHeaders: [DocumentedHeader]
    /// Cookies described for the API documentation only; never sent.
    public var documentedCookies: [DocumentedCookie]
    /// Checks a request must pass before the content is read.
    public var guards: [Guard]
    /// Hooks run after the content is read, before middleware; one may answer instead.
    public var beforeRequest: [BeforeRequestHook]
    /// Code around the handler.
    public var middleware: [any Middleware]
    /// Values for guards, middleware and handlers to read, keyed by type.
    public var metadata: RouteMetadata
    /// Providers of the values handlers declare with ``Input/dependency(_:name:)``.
    public var dependencies: [DependencyProvider]
    /// Parameters every request to this layer's routes must have.
    public var parameters: [LayerParameter]
    /// How the routes appear in the API document.
    public var documentation: OperationDocumentation
    /// Where the routes' handlers run; `nil` inherits (the event loop by default).
    public var handlerExecutor: HandlerExecutor?
    /// Whether requests are written to the access log; `nil` inherits (off by default).
    public var accessLog: AccessLog?
    /// Whether requests get an id, read from or echoed in `X-Request-ID`; `nil` inherits (off
    /// by default).
    public var requestIDs: RequestIDs?
    /// Cross-origin resource sharing for the routes; `nil` inherits (none by default).
    public var cors: CORS?
    /// Response compression; `nil` inherits (none by default).
    public var compression: Compression?
    /// A request budget per client; `nil` inherits (none by default).
    public var rateLimit: RateLimit?
    /// Cross-site request forgery protection; `nil` inherits (none by default).
    public var csrf: CSRF?
    /// Sessions behind a cookie; `nil` inherits (none by default).
    public var sessions: Sessions?

    /// A policy set; every argument is optional.
    public init(
        headers: HTTPHeaders = [:],
        cookies: [Cookie] = [],
        cacheControl: CacheControl? = nil,
        etag: ETag? = nil,
        computesETag: Bool? = nil,
        responseClass: (any ResponseClass)? = nil,
        defaultMediaType: MediaType? = nil,
        requestBodyLimit: Int? = nil,
        typeEncoders: TypeEncoders = TypeEncoders(),
        nilEncoding: NilEncoding? = nil,
        exceptionHandlers: ExceptionHandlers = ExceptionHandlers(),
        afterRequest: [AfterRequestHook] = [],
        backgroundTasks: [BackgroundTask] = [],
        runsBackgroundTasksConcurrently: Bool? = nil,
        documentedHeaders: [DocumentedHeader] = [],
        documentedCookies: [DocumentedCookie] = [],
        guards: [Guard] = [],
        beforeRequest: [BeforeRequestHook] = [],
        middleware: [any Middleware] = [],
        metadata: RouteMetadata = RouteMetadata(),
        dependencies: [DependencyProvider] = [],
        parameters: [LayerParameter] = [],
        documentation: OperationDocumentation = OperationDocumentation(),
        handlerExecutor: HandlerExecutor? = nil,
        accessLog: AccessLog? = nil,
        requestIDs: RequestIDs? = nil,
        cors: CORS? = nil,
        compression: Compression? = nil,
        rateLimit: RateLimit? = nil,
        csrf: CSRF? = nil,
        sessions: Sessions? = nil
    ) {
        self.sessions = sessions
        self.csrf = csrf
        self.rateLimit = rateLimit
        self.cors = cors
        self.compression = compression
        self.handlerExecutor = handlerExecutor
        self.accessLog = accessLog
        self.requestIDs = requestIDs
        self.headers = headers
        self.cookies = cookies
        self.cacheControl = cacheControl
        self.etag = etag
        self.computesETag = computesETag
        self.responseClass = responseClass
        self.defaultMediaType = defaultMediaType
        self.requestBodyLimit = requestBodyLimit
        self.typeEncoders = typeEncoders
        self.nilEncoding = nilEncoding
        self.exceptionHandlers = exceptionHandlers
        self.afterRequest = afterRequest
        self.backgroundTasks = backgroundTasks
        self.runsBackgroundTasksConcurrently = runsBackgroundTasksConcurrently
        self.documentedHeaders = documentedHeaders
        self.documentedCookies = documentedCookies
        self.guards = guards
        self.beforeRequest = beforeRequest
        self.middleware = middleware
        self.metadata = metadata
        self.dependencies = dependencies
        self.parameters = parameters
        self.documentation = documentation
    }

    /// 10 MB: the request-body limit when no layer sets one.
    public static let defaultRequestBodyLimit = 10_000_000
}
