/// The outermost layer: the routes, the app-wide policies, and the lifecycle hooks.
///
/// ```swift
/// let app = App(routes: [
///     Get("/health") { _ in "ok" },
///     Router("/api", routes: [Get("/users") { _ in ["Ada", "Grace"] }]),
/// ])
/// .headers(["X-Frame-Options": "DENY"])
///
/// let resolved = try app.build()   // merges every route's layers once
/// ```
///
/// An `App` is a plain value; ``build()`` checks it and resolves every route, and
/// ``TestClient`` and `run()` build it for you.
public struct App: Layer {
    /// A hook run when the app starts or stops.
    public typealias LifecycleHook = @Sendable () async throws -> Void

    /// The top-level routes, controllers and routers.
    public var routes: [any RouteComponent]
    /// The app layer's policies; they also answer 404 and 405.
    public var policy: LayerPolicy
    /// Run in order before the first request is served.
    public var onStartup: [LifecycleHook]
    /// Run in order after the last request is served.
    public var onShutdown: [LifecycleHook]
    /// Receives errors that cannot reach the client; `nil`, the default, logs each at `error`
    /// level through ``logger``.
    public var reportError: (@Sendable (ErrorReport) -> Void)?
    /// Where Strata's own events go — the server's start and stop, error reports, access
    /// lines — and what ``Request/logger`` writes with: `info` and above, logfmt lines on
    /// standard error, by default.
    public var logger: Logger
    /// Renders ``Template`` responses.
    public var templates: (any TemplateEngine)?
    /// The OpenAPI document and its page; `nil` serves none and builds none.
    public var openAPI: OpenAPI?
    /// The proxies whose forwarding fields say where a request came from
    /// (``Request/clientAddress``, ``Request/scheme``, ``Request/host``); `nil`, the default,
    /// trusts none, and the peer is the client.
    public var trustedProxies: TrustedProxies?
    /// The hosts the app answers for; a request naming another gets 400. `nil`, the default,
    /// answers every host.
    public var allowedHosts: AllowedHosts?

    /// An app.
    public init(
        policy: LayerPolicy = LayerPolicy(),
        onStartup: [LifecycleHook] = [],
        onShutdown: [LifecycleHook] = [],
        reportError: (@Sendable (ErrorReport) -> Void)? = nil,
        logger: Logger = Logger(label: "strata"),
        templates: (any TemplateEngine)? = nil,
        openAPI: OpenAPI? = OpenAPI(),
        trustedProxies: TrustedProxies? = nil,
        allowedHosts: AllowedHosts? = nil,
        routes: [any RouteComponent]
    ) {
        self.trustedProxies = trustedProxies
        self.allowedHosts = allowedHosts
        self.templates = templates
        self.openAPI = openAPI
        self.routes = routes
        self.policy = policy
        self.onStartup = onStartup
        self.onShutdown = onShutdown
        self.reportError = reportError
        self.logger = logger
    }

    /// Checks the app and merges every route's policies, once.
    ///
    /// Throws ``AppBuildError`` listing every problem — duplicate routes, malformed paths,
    /// conflicting parameter types, content on a status that allows none, invalid headers
    /// or cookies — each naming its route or layer.
    public func build() throws(AppBuildError) -> ResolvedApp {
        var resolver = Resolver(templateEngine: templates)
        let fallback = resolver.resolve(self)
        let problems = resolver.problems + (trustedProxies?.invalidEntries ?? []).map {
            AppBuildError.Problem(location: "App", message: "trustedProxies: \"\($0)\" is neither an IP address nor a CIDR range such as 10.0.0.0/8")
        } + (allowedHosts?.invalid ?? []).map {
            AppBuildError.Problem(location: "App", message: "allowedHosts: \"\($0)\" is not a host name, an address, \"*.\" and a name, or \"*\"")
        }
        guard problems.isEmpty, let fallback else {
            throw AppBuildError(problems: problems)
        }
        return ResolvedApp(app: self, table: resolver.table, entries: resolver.entries, fallback: fallback,
                           urls: resolver.namedTemplates.isEmpty ? nil : RouteURLs(resolver.namedTemplates),
                           openAPIDocument: resolver.openAPIDocument, stateObservers: resolver.stateObservers)
    }
}
