import StrataHTTP

/// The routing trie as the resolver builds it: one node per path segment, literal children
/// before the typed parameter child before a trailing `{…:path}`. ``frozen()`` turns it into
/// the ``RouteMatcher`` requests use.
struct RouteTable: Sendable {
    struct Node: Sendable {
        var literals: [String: Int] = [:]
        /// The literal children in the order they were added, for a deterministic matcher.
        var literalOrder: [(text: String, child: Int)] = []
        var parameterType: PathParameterType?
        var parameterChild: Int?
        var catchAllChild: Int?
        var methods: [(method: HTTPMethod, route: Int)] = []
        /// The first route that put a parameter here, for conflict messages.
        var parameterOwner = ""
    }

    private(set) var nodes: [Node] = [Node()]

    /// Adds a route: `entries` gives the route index for each method. Throws a message
    /// naming the clash for duplicates and conflicting parameter types.
    mutating func insert(_ template: PathTemplate, entries: [(method: HTTPMethod, route: Int)], label: String, labelOfRoute: (Int) -> String) throws(PathTemplateError) {
        var node = 0
        for segment in template.segments {
            switch segment {
            case .literal(let text):
                if let next = nodes[node].literals[text] {
                    node = next
                } else {
                    let child = appendNode()
                    nodes[node].literals[text] = child
                    nodes[node].literalOrder.append((text, child))
                    node = child
                }
            case .parameter(_, .path):
                if let next = nodes[node].catchAllChild {
                    node = next
                } else {
                    let child = appendNode()
                    nodes[node].catchAllChild = child
                    node = child
                }
            case .parameter(let name, let type):
                if let existing = nodes[node].parameterType, existing != type {
                    throw PathTemplateError("{\(name):\(type.rawValue)} conflicts with {…:\(existing.rawValue)} at the same position in \(nodes[node].parameterOwner); one path segment can have only one parameter type")
                }
                if let next = nodes[node].parameterChild {
                    node = next
                } else {
                    nodes[node].parameterType = type
                    nodes[node].parameterOwner = label
                    let child = appendNode()
                    nodes[node].parameterChild = child
                    node = child
                }
            }
        }
        for entry in entries {
            if let clash = nodes[node].methods.first(where: { $0.method == entry.method }) {
                throw PathTemplateError("duplicate route: \(entry.method) \(template) is already declared as \(labelOfRoute(clash.route))")
            }
        }
        nodes[node].methods.append(contentsOf: entries)
    }

    private mutating func appendNode() -> Int {
        nodes.append(Node())
        return nodes.count - 1
    }
}
