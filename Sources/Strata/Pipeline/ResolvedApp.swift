import StrataHTTP

/// An app after ``App/build()``: every route's policies merged and frozen, ready to answer
/// requests from any transport.
///
/// Each request takes the same steps (`Documentation/Architecture.md`): route the head once
/// → preconditions known before the handler → read the content within the route's limit →
/// run the handler → render its value → the layers' headers and cookies → after-request hooks
/// → computed ETag → preconditions → HEAD drops the content → the transport writes →
/// background tasks.
public final class ResolvedApp: HTTPResponder {
    let table: RouteMatcher
    let entries: [RouteEntry]
    /// The app layer's policy, for requests no route takes (404, 405, automatic OPTIONS).
    let fallback: RouteEntry
    let onStartup: [App.LifecycleHook]
    let onShutdown: [App.LifecycleHook]
    let reportError: @Sendable (ErrorReport) -> Void
    /// The app's logger: Strata's own events, access lines, ``Request/logger``.
    let logger: Logger
    /// ``logger``, as requests carry it.
    let appLogger: AppLogger
    /// The app's logger under the label `strata.access`.
    let accessLogger: Logger
    /// Every method some route answers, for `OPTIONS *`.
    let serverAllowHeader: String
    /// The named routes; `nil` when no route has a name, so requests carry nothing for it.
    let urls: RouteURLs?
    /// The OpenAPI document the app serves; `nil` when ``App/openAPI`` is `nil`.
    public let openAPIDocument: OpenAPIDocument?
    /// The proxies whose forwarding fields requests are read with.
    let trustedProxies: TrustedProxies?
    /// The hosts the app answers for; `nil` for every host.
    let allowedHosts: AllowedHosts?

    /// The routes of each path template where some route of the app has CORS, for preflights;
    /// empty when none has.
    let corsRoutes: [String: [RouteEntry]]

    /// The parts of the route tree that follow the server's state (``Health``).
    let stateObservers: [any ServerStateObserving]

    init(app: App, table: RouteTable, entries: [RouteEntry], fallback: RouteEntry, urls: RouteURLs? = nil, openAPIDocument: OpenAPIDocument? = nil,
         stateObservers: [any ServerStateObserving] = []) {
        self.stateObservers = stateObservers
        self.urls = urls
        self.openAPIDocument = openAPIDocument
        self.table = RouteMatcher(table)
        self.entries = entries
        self.corsRoutes = entries.contains { $0.policy.cors != nil } ? Dictionary(grouping: entries, by: \.template) : [:]
        self.fallback = fallback
        self.serverAllowHeader = Self.allowHeader(for: entries.map(\.method))
        self.onStartup = app.onStartup
        self.onShutdown = app.onShutdown
        let logger = app.logger
        self.logger = logger
        self.appLogger = AppLogger(logger)
        var accessLogger = logger
        accessLogger.label = "strata.access"
        self.accessLogger = accessLogger
        self.reportError = app.reportError ?? { report in
            logger.error("\(report.source) failed", metadata: report.metadata)
        }
        self.trustedProxies = app.trustedProxies
        self.allowedHosts = app.allowedHosts
    }

    /// Passes the transport's state on to the routes that report it (``Health``).
    public func serverStateDidChange(_ state: ServerState) {
        for observer in stateObservers { observer.serverStateDidChange(state) }
    }

    /// Every route and method with its resolved policies, in declaration order.
    public var routes: [RouteInfo] {
        entries.map(RouteInfo.init)
    }

    /// The percent-encoded path of the route named `name` (see `named(_:)` on handlers), with
    /// `parameters` checked against its template's types and `query` appended.
    ///
    /// ```swift partial
    /// try app.url(for: "book", parameters: ["id": 7], query: [("format", "short")])  // "/books/7?format=short"
    /// ```
    public func url(for name: String, parameters: [String: any Sendable] = [:], query: [(String, String)] = []) throws(URLBuildingError) -> String {
        guard let urls else { throw URLBuildingError("no route is named \"\(name)\"") }
        return try urls.url(for: name, parameters: parameters, query: query)
    }

    /// Runs the app's startup hooks in order; the first that throws stops the start.
    public func startup() async throws {
        for hook in onStartup {
            try await hook()
        }
    }

    /// Runs the app's shutdown hooks in order; one that throws is reported and the rest still run.
    public func shutdown() async {
        for hook in onShutdown {
            do {
                try await hook()
            } catch {
                reportError(ErrorReport(source: .lifecycleHook, error: error, route: nil))
            }
        }
    }

    /// Answers a request: routes its head once, then serves it — the content is read only
    /// if the route gets that far, within the route's limit.
    public func respond(to http: HTTPRequest) async -> HTTPResponse {
        // What trusted proxies say, read once: routing checks its host, the request carries it.
        let forwarded = trustedProxies.flatMap { Request.origin(of: http, trusting: $0, logger: logger) }
        if !corsRoutes.isEmpty, http.method == .options, let origin = http.headers["Origin"],
           let requested = http.headers["Access-Control-Request-Method"], allowedHosts?.allows(forwarded?.host ?? http.headers["Host"]) ?? true,
           let preflight = await answerPreflight(http, origin: origin, requestedMethod: requested, forwarded: forwarded) {
            return preflight
        }
        switch route(http, forwarded: forwarded) {
        case .route(let entry, let parameters):
            return await serve(http, entry: entry, parameters: parameters, forwarded: forwarded)
        case .options(let allow):
            return await answerUnrouted(http, forwarded: forwarded, with: .success(allow))
        case .refused(let error):
            return await answerUnrouted(http, forwarded: forwarded, with: .failure(error))
        }
    }

    /// A request no route takes, under the app layer's policy: an OPTIONS answered from the
    /// methods the resource has (RFC 9110 §9.3.7), or the error — 404, 405, 400. A function of
    /// its own so that the request it builds stays off the frame of every routed request.
    private func answerUnrouted(_ http: HTTPRequest, forwarded: ForwardedOrigin?, with outcome: Result<String, HTTPError>) async -> HTTPResponse {
        var request = Request(http, body: [], parameters: .none, route: nil, urls: urls, forwarded: forwarded, logger: appLogger)
        observe(&request, entry: fallback)
        let response: Response
        switch outcome {
        case .success(let allow): response = Response(status: .noContent, headers: ["Allow": allow])
        case .failure(let error): response = await recover(from: error, request: request, entry: fallback)
        }
        return await finish(response, for: request, entry: fallback)
    }

    /// `Allow` for a resource: its methods, HEAD where GET is, and OPTIONS, in one fixed order.
    static func allowHeader(for methods: [HTTPMethod]) -> String {
        var all = Set(methods)
        if all.contains(.get) { all.insert(.head) }
        all.insert(.options)
        return HTTPMethod.canonicallySorted(all).map(\.rawValue).joined(separator: ", ")
    }
}
