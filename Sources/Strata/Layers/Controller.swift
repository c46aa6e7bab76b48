/// A layer that groups related handlers under a path, written as a type of your own with
/// its handlers as methods.
///
/// ```swift
/// struct UsersController: Controller {
///     let path = "/users"
///     var policy: LayerPolicy { LayerPolicy(cacheControl: .maxAge(30)) }
///     var routes: [any RouteComponent] {
///         [Get("/{id:int}", handler: show), Post(handler: create)]
///     }
///
///     func show(_ request: Request) async throws -> User { ... }
///     func create(_ request: Request) async throws -> User { ... }
/// }
/// ```
///
/// For a controller built in place, use ``InlineController``.
public protocol Controller: RouteComponent {
    /// The prefix of every handler's path, e.g. `/users`.
    var path: String { get }
    /// The handlers (and any nested routers).
    var routes: [any RouteComponent] { get }
    /// This layer's policies; none by default.
    var policy: LayerPolicy { get }
}

extension Controller {
    public var policy: LayerPolicy { LayerPolicy() }

    public var routeNode: RouteNode {
        RouteNode(.group(RouteGroup(role: .controller(typeName: String(describing: Self.self)), path: path, policy: policy, routes: routes)))
    }
}

/// A ``Controller`` built in place as a value.
///
/// ```swift
/// InlineController("/items", routes: [
///     Get("/{id:int}") { request in ... },
/// ])
/// .cacheControl(.maxAge(60))
/// ```
public struct InlineController: Controller, Layer {
    public var path: String
    public var routes: [any RouteComponent]
    public var policy: LayerPolicy

    /// A controller at `path`.
    public init(_ path: String, policy: LayerPolicy = LayerPolicy(), routes: [any RouteComponent]) {
        self.path = path
        self.routes = routes
        self.policy = policy
    }

    public var routeNode: RouteNode {
        RouteNode(.group(RouteGroup(role: .controller(typeName: "InlineController"), path: path, policy: policy, routes: routes)))
    }
}
