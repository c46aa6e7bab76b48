/// Anything that can stand in a `routes:` list: a handler, a ``Router``, a ``Controller``.
///
/// Strata's own types provide ``routeNode``; a ``Controller`` gets it from the protocol, so
/// user types never implement it by hand.
public protocol RouteComponent: Sendable {
    /// How the resolver sees this component.
    var routeNode: RouteNode { get }
}

/// A component as the resolver walks it: a group of routes under a layer, or a handler.
public struct RouteNode: Sendable {
    enum Kind: Sendable {
        case group(RouteGroup)
        case handler(Handler)
    }

    let kind: Kind

    init(_ kind: Kind) {
        self.kind = kind
    }
}

/// A router or controller: a layer with a path prefix and children.
struct RouteGroup: Sendable {
    enum Role: Sendable {
        case router
        case controller(typeName: String)
    }

    let role: Role
    let path: String
    let policy: LayerPolicy
    let routes: [any RouteComponent]
    /// Told of the server's state changes once the app is built (``Health``).
    var stateObserver: (any ServerStateObserving)?

    /// How build errors name this layer.
    var label: String {
        switch role {
        case .router: return "router \"\(path)\""
        case .controller(let typeName): return "controller \(typeName) \"\(path)\""
        }
    }
}
