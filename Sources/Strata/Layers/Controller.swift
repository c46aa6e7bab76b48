/// A layer that groups related handlers under a path, written as a type of your own with
/// its handlers as methods.
///
/// ```swift
/// struct User: Codable, Sendable { let id: Int; let name: String }
///
/// struct UsersController: Controller {
///     let path = "/users"
///     var policy: LayerPolicy { LayerPolicy(cacheControl: .maxAge(30)) }
///     var routes: [any RouteComponent] {
///         [Get("/{id:int}", handler: show), Post(handler: create)]
///     }
///
///     func show(_ request: Request) async throws -> User { User(id: try request.parameters.int("id"), name: "Ada") }
///     func create(_ request: Request) async throws -> User { try request.decode(User.self) }
/// }
/// ```
///
/// The layer modifiers apply to a controller value as to a ``Router``: they return a
/// ``ConfiguredController`` whose policy is the controller's own with the change made.
///
/// ```swift continued
/// let api = Router("/api", routes: [UsersController().header("X-Resource", "users")])
/// ```
///
/// For a group of routes built in place, use a ``Router``.
public protocol Controller: RouteComponent, LayerConfigurable {
    /// The prefix of every handler's path, e.g. `/users`.
    var path: String { get }
    /// The handlers (and any nested routers).
    var routes: [any RouteComponent] { get }
    /// This layer's policies; none by default.
    var policy: LayerPolicy { get }
}

extension Controller {
    /// No policies of its own unless the controller declares them.
    public var policy: LayerPolicy { LayerPolicy() }

    /// The controller as a layer value, for the modifiers.
    public var configured: ConfiguredController<Self> {
        ConfiguredController(self)
    }

    /// The controller's routes under its path and policy, named by its type in build errors.
    public var routeNode: RouteNode {
        RouteNode(.group(RouteGroup(role: .controller(typeName: String(describing: Self.self)), path: path, policy: policy, routes: routes)))
    }
}

/// A ``Controller`` with its policy changed by layer modifiers: the same layer — its path,
/// routes and type name in build errors — with ``policy`` starting as the controller's own.
public struct ConfiguredController<Base: Controller>: RouteComponent, Layer {
    /// The controller.
    public let base: Base
    /// This layer's policies: the controller's, with the modifiers' changes.
    public var policy: LayerPolicy

    /// The controller with its own policy.
    public init(_ base: Base) {
        self.base = base
        self.policy = base.policy
    }

    /// The controller's routes under its path and the changed policy.
    public var routeNode: RouteNode {
        RouteNode(.group(RouteGroup(role: .controller(typeName: String(describing: Base.self)), path: base.path, policy: policy, routes: base.routes)))
    }
}
