import StrataHTTP

/// One route's policies after merging its layers, frozen when the app is built.
///
/// Requests read it and never walk the layers.
struct ResolvedPolicy: Sendable {
    /// The merged headers, `Cache-Control` and `ETag` included, in wire order.
    let headers: HTTPHeaders
    /// The `ETag` the route's resource has, for preconditions: the innermost layer's, whatever
    /// the method (``etag`` is the one sent, which unsafe methods take only from the handler).
    let resourceETag: ETag?
    /// The merged cookies, in wire order.
    let cookies: [Cookie]
    let cacheControl: CacheControl?
    let etag: ETag?
    let computesETag: Bool
    let responseClass: (any ResponseClass)?
    let defaultMediaType: MediaType?
    let requestBodyLimit: Int
    let typeEncoders: TypeEncoders
    let nilEncoding: NilEncoding
    let exceptionHandlers: ResolvedExceptionHandlers
    /// Innermost first: the order they run in.
    let afterRequest: [AfterRequestHook]
    /// Innermost first: the order they run in.
    let backgroundTasks: [BackgroundTask]
    let runsBackgroundTasksConcurrently: Bool
    let documentedHeaders: [DocumentedHeader]
    let documentedCookies: [DocumentedCookie]
    /// Outermost first: the order they run in.
    let guards: [Guard]
    /// Outermost first: the order they run in.
    let beforeRequest: [BeforeRequestHook]
    /// Outermost first: the first wraps the rest.
    let middleware: [any Middleware]
    let metadata: RouteMetadata
    let dependencies: [DependencyKey: DependencyProvider]
    let parameters: [LayerParameter]
    let documentation: OperationDocumentation
    let handlerExecutor: HandlerExecutor
    /// `nil` when the route writes no access lines.
    let accessLog: AccessLog?
    /// `nil` when the route's requests get no id.
    let requestIDs: RequestIDs?
    /// `nil` when the route takes no part in CORS (or its policy is invalid: a build error).
    let cors: ResolvedCORS?
    /// `nil` when the route does not compress (or its policy is invalid: a build error).
    let compression: ResolvedCompression?
    /// `nil` when the route is not limited.
    let rateLimit: RateLimit?
    /// `nil` when the route's requests are not checked for forgery.
    let csrf: CSRF?
    /// `nil` when the route has no sessions.
    let sessions: Sessions?
    /// The lowercased names in ``headers``, to find what a response overrides.
    let headerNames: Set<String>
    /// The keys of ``cookies``, to find what a response overrides.
    let cookieKeys: Set<Cookie.Key>

    /// Merges `layers`, innermost first, by the three rules of ``PolicyMerge``, for a route
    /// answering `method`.
    ///
    /// `Cache-Control` and `ETag` take part in the header merge as the fields they are sent
    /// as, so a layer's ``LayerPolicy/cacheControl`` and another's raw `Cache-Control` header
    /// follow one rule: the innermost wins, whole. They describe the resource a GET reads, so a
    /// route for another method takes them from its own handler only: a controller's `max-age`
    /// must not make a shared cache keep the answer to a POST (RFC 9111 §3, RFC 9110 §9.3.3).
    init(merging layers: [LayerPolicy], method: HTTPMethod? = nil) {
        let wire = layers.map(Self.wireHeaders)
        var sent = wire
        if let method, !Self.describesResource(method) {
            for layer in sent.indices.dropFirst() {
                sent[layer].removeAll { HTTPHeaders.namesEqual($0.name, "Cache-Control") || HTTPHeaders.namesEqual($0.name, "ETag") }
            }
        }
        headers = Self.merge(sent)
        resourceETag = Self.merge(wire)["ETag"].flatMap(ETag.parse)
        cookies = PolicyMerge.keyed(layers.map(\.cookies), key: \.key)
        cacheControl = headers["Cache-Control"].flatMap(CacheControl.parse)
        etag = headers["ETag"].flatMap(ETag.parse)
        computesETag = PolicyMerge.innermost(layers.map(\.computesETag)) ?? false
        responseClass = PolicyMerge.innermost(layers.map(\.responseClass))
        defaultMediaType = PolicyMerge.innermost(layers.map(\.defaultMediaType))
        requestBodyLimit = PolicyMerge.innermost(layers.map(\.requestBodyLimit)) ?? LayerPolicy.defaultRequestBodyLimit
        var typeEncoders = TypeEncoders()
        typeEncoders.entries = PolicyMerge.keyed(layers.map(\.typeEncoders.entries))
        self.typeEncoders = typeEncoders
        nilEncoding = PolicyMerge.innermost(layers.map(\.nilEncoding)) ?? .omitted
        exceptionHandlers = ResolvedExceptionHandlers(merging: layers.map(\.exceptionHandlers))
        let sessions = PolicyMerge.innermost(layers.map(\.sessions)).flatMap { $0.isEnabled ? $0 : nil }
        self.sessions = sessions
        // A changed session is written first, so the route's own hooks see its cookie.
        afterRequest = (sessions == nil ? [] : [SessionCommit.hook]) + PolicyMerge.chain(layers.map(\.afterRequest))
        backgroundTasks = PolicyMerge.chain(layers.map(\.backgroundTasks))
        runsBackgroundTasksConcurrently = PolicyMerge.innermost(layers.map(\.runsBackgroundTasksConcurrently)) ?? false
        documentedHeaders = PolicyMerge.keyed(layers.map(\.documentedHeaders), key: { HTTPHeaders.normalizedName($0.name) })
        documentedCookies = PolicyMerge.keyed(layers.map(\.documentedCookies), key: \.name)
        guards = PolicyMerge.outermostFirst(layers.map(\.guards))
        beforeRequest = PolicyMerge.outermostFirst(layers.map(\.beforeRequest))
        middleware = PolicyMerge.outermostFirst(layers.map(\.middleware))
        var metadata = RouteMetadata()
        metadata.values = PolicyMerge.keyed(layers.map(\.metadata.values))
        self.metadata = metadata
        parameters = PolicyMerge.keyed(layers.map(\.parameters), key: \.key)
        documentation = OperationDocumentation(merging: layers.map(\.documentation))
        handlerExecutor = PolicyMerge.innermost(layers.map(\.handlerExecutor)) ?? .eventLoop
        accessLog = PolicyMerge.innermost(layers.map(\.accessLog)).flatMap { $0.isEnabled ? $0 : nil }
        requestIDs = PolicyMerge.innermost(layers.map(\.requestIDs)).flatMap { $0.isEnabled ? $0 : nil }
        cors = PolicyMerge.innermost(layers.map(\.cors)).flatMap { $0.isEnabled ? try? ResolvedCORS.resolve($0).get() : nil }
        rateLimit = PolicyMerge.innermost(layers.map(\.rateLimit)).flatMap { $0.isEnabled ? $0 : nil }
        csrf = PolicyMerge.innermost(layers.map(\.csrf)).flatMap { $0.isEnabled ? $0 : nil }
        compression = PolicyMerge.innermost(layers.map(\.compression)).flatMap { $0.isEnabled ? try? ResolvedCompression.resolve($0).get() : nil }
        dependencies = PolicyMerge.keyed(layers.map { layer in
            Dictionary(layer.dependencies.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
        })

        headerNames = Set(headers.map { HTTPHeaders.normalizedName($0.name) })
        cookieKeys = Set(cookies.map(\.key))
    }

    /// Whether answers to `method` are representations of the route's resource, which layered
    /// cache directives and entity tags describe.
    static func describesResource(_ method: HTTPMethod) -> Bool {
        method == .get || method == .head
    }

    private static func merge(_ layers: [[HTTPHeaders.Field]]) -> HTTPHeaders {
        HTTPHeaders(PolicyMerge.keyed(layers, key: { HTTPHeaders.normalizedName($0.name) }).map { ($0.name, $0.value) })
    }

    /// The fields a layer sends: its headers, then its cache-control and ETag.
    static func wireHeaders(of layer: LayerPolicy) -> [HTTPHeaders.Field] {
        var fields = layer.headers.fields
        if let cacheControl = layer.cacheControl {
            fields.append(.init(name: "Cache-Control", value: cacheControl.headerValue))
        }
        if let etag = layer.etag {
            fields.append(.init(name: "ETag", value: etag.headerValue))
        }
        return fields
    }
}
