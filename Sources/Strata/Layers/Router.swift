/// A layer with a path prefix that groups routes, controllers and other routers.
///
/// ```swift
/// let api = Router("/api", routes: [
///     Get("/users") { _ in ["Ada"] },
///     Router("/v2", routes: [Get("/users") { _ in ["Ada", "Grace"] }]),
/// ])
/// .headers(["X-API": "1"])
/// ```
public struct Router: RouteComponent, Layer {
    /// The prefix of every path under this router, e.g. `/api`.
    public var path: String
    /// The routes, controllers and routers inside.
    public var routes: [any RouteComponent]
    /// This layer's policies.
    public var policy: LayerPolicy

    /// A router at `path`.
    public init(_ path: String, policy: LayerPolicy = LayerPolicy(), routes: [any RouteComponent]) {
        self.path = path
        self.routes = routes
        self.policy = policy
    }

    public var routeNode: RouteNode {
        RouteNode(.group(RouteGroup(role: .router, path: path, policy: policy, routes: routes)))
    }
}
