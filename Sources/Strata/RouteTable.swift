import StrataHTTP

/// The precomputed routing trie: one node per path segment, literal children before the
/// typed parameter child before a trailing `{…:path}`.
///
/// Built once with the app and never mutated, so matching takes no locks; a request walks
/// one node per segment and backtracks only where a literal and a parameter both fit.
struct RouteTable: Sendable {
    struct Node: Sendable {
        var literals: [String: Int] = [:]
        var parameterType: PathParameterType?
        var parameterChild: Int?
        var catchAllChild: Int?
        var methods: [(method: HTTPMethod, route: Int)] = []
        /// The first route that put a parameter here, for conflict messages.
        var parameterOwner = ""
    }

    enum Match {
        case found(route: Int, values: [String])
        case methodNotAllowed(allowed: [HTTPMethod])
        case notFound
        /// A segment has a malformed percent-encoding or is not UTF-8: 400.
        case malformedPath
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

    /// Finds the route for `method` and the raw (percent-encoded) `path`.
    ///
    /// Where a literal and a parameter both fit a segment, the literal is tried first and the
    /// parameter next, so `/users/me` and `/users/{id}` can serve different methods; a path
    /// that exists only for other methods is 405, with every method any fitting route has.
    func match(method: HTTPMethod, path: Substring) -> Match {
        var search = Search(method: method)
        if let route = find(node: 0, path: path, from: path.startIndex, search: &search) {
            return .found(route: route, values: search.values)
        }
        if search.malformed { return .malformedPath }
        if search.allowed.isEmpty { return .notFound }
        return .methodNotAllowed(allowed: search.allowed)
    }

    private struct Search {
        let method: HTTPMethod
        var values: [String] = []
        var allowed: [HTTPMethod] = []
        var malformed = false
    }

    /// The route for the path from `start`, collecting parameter values; `nil` when none fits.
    private func find(node index: Int, path: Substring, from start: Substring.Index, search: inout Search) -> Int? {
        let node = nodes[index]
        var segmentStart = start
        // Skip the slash that precedes each segment.
        if segmentStart < path.endIndex, path.utf8[segmentStart] == UInt8(ascii: "/") {
            segmentStart = path.utf8.index(after: segmentStart)
        }
        if segmentStart == path.endIndex {
            if let route = route(at: node, for: search.method) { return route }
            search.allowed.append(contentsOf: node.methods.map(\.method).filter { !search.allowed.contains($0) })
            if let catchAll = node.catchAllChild {
                return accept(node: catchAll, value: "", search: &search)
            }
            return nil
        }
        let segmentEnd = path.utf8[segmentStart...].firstIndex(of: UInt8(ascii: "/")) ?? path.endIndex
        let raw = path[segmentStart..<segmentEnd]
        let segment: Substring
        if raw.utf8.contains(UInt8(ascii: "%")) {
            // RFC 3986 §2.1: "%zz" or bytes that are not UTF-8 name no resource; two such
            // spellings must not decode to one value.
            guard let decoded = PercentEncoding.decodeStrict(raw) else {
                search.malformed = true
                return nil
            }
            segment = Substring(decoded)
        } else {
            segment = raw
        }

        if let next = node.literals[String(segment)],
           let found = find(node: next, path: path, from: segmentEnd, search: &search) {
            return found
        }
        if let next = node.parameterChild, let type = node.parameterType, type.accepts(segment) {
            search.values.append(String(segment))
            if let found = find(node: next, path: path, from: segmentEnd, search: &search) {
                return found
            }
            search.values.removeLast()
        }
        if let catchAll = node.catchAllChild {
            guard let value = Self.decodePathValue(path[segmentStart...]) else {
                search.malformed = true
                return nil
            }
            return accept(node: catchAll, value: value, search: &search)
        }
        return nil
    }

    /// The route a `{…:path}` node has for the method, with `value` as its last parameter.
    private func accept(node index: Int, value: String, search: inout Search) -> Int? {
        if let route = route(at: nodes[index], for: search.method) {
            search.values.append(value)
            return route
        }
        search.allowed.append(contentsOf: nodes[index].methods.map(\.method).filter { !search.allowed.contains($0) })
        return nil
    }

    /// The rest of a path for a `{…:path}` parameter: each segment decoded on its own, with
    /// a `/` that was encoded inside a segment kept as `%2F`, so `a%2Fb` and `a/b` stay apart.
    static func decodePathValue(_ rest: Substring) -> String? {
        guard rest.utf8.contains(UInt8(ascii: "%")) else { return String(rest) }
        var segments: [String] = []
        for segment in rest.split(separator: "/", omittingEmptySubsequences: false) {
            guard let decoded = PercentEncoding.decodeStrict(segment) else { return nil }
            segments.append(decoded.contains("/") ? decoded.split(separator: "/", omittingEmptySubsequences: false).joined(separator: "%2F") : decoded)
        }
        return segments.joined(separator: "/")
    }

    private func route(at node: Node, for method: HTTPMethod) -> Int? {
        if let entry = node.methods.first(where: { $0.method == method }) { return entry.route }
        // RFC 9110 §9.3.2: HEAD is GET without content, so a GET route answers it.
        if method == .head, let entry = node.methods.first(where: { $0.method == .get }) { return entry.route }
        return nil
    }
}
