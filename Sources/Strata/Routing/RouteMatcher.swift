import StrataHTTP

/// The route table frozen for matching: the trie's nodes hold only integers, and every
/// literal lives in one byte array, so a request walks the trie without retaining, copying or
/// hashing anything — one node per path segment, backtracking only where a literal and a
/// parameter both fit. A class, so the closures of a match capture one reference, not six
/// arrays.
final class RouteMatcher: Sendable {
    enum Match {
        case found(route: Int, captures: PathCaptures, decoded: [String])
        case methodNotAllowed(allowed: [HTTPMethod])
        case notFound
        /// A segment has a malformed percent-encoding or is not UTF-8: 400.
        case malformedPath
    }

    private struct Node: Sendable {
        var literals: Range<Int>
        var parameterType: PathParameterType?
        var parameterChild: Int
        var catchAllChild: Int
        var methods: Range<Int>
    }

    private let nodes: [Node]
    /// For each literal child: where its bytes are in `literalBytes`, its first eight bytes
    /// packed into an integer (most literals are that short, so one comparison decides), and
    /// its node.
    private let literalRanges: [Range<Int>]
    private let literalPrefixes: [UInt64]
    private let literalChildren: [Int]
    private let literalBytes: [UInt8]
    /// Each node's methods as small integers: indices into `methodTable`, so a match compares
    /// integers, not strings.
    private let methods: [Int]
    private let methodRoutes: [Int]
    private let methodTable: [HTTPMethod]

    init(_ table: RouteTable) {
        var nodes: [Node] = []
        var literalRanges: [Range<Int>] = [], literalPrefixes: [UInt64] = [], literalChildren: [Int] = [], literalBytes: [UInt8] = []
        var methods: [Int] = [], methodRoutes: [Int] = [], methodTable: [HTTPMethod] = [.get, .head]
        for node in table.nodes {
            let literalStart = literalRanges.count
            for (text, child) in node.literalOrder {
                let start = literalBytes.count
                literalBytes.append(contentsOf: text.utf8)
                literalRanges.append(start..<literalBytes.count)
                literalPrefixes.append(Array(text.utf8).withUnsafeBufferPointer(Self.prefix))
                literalChildren.append(child)
            }
            let methodStart = methods.count
            for entry in node.methods {
                if !methodTable.contains(entry.method) { methodTable.append(entry.method) }
                methods.append(methodTable.firstIndex(of: entry.method)!)  // appended just above if missing
                methodRoutes.append(entry.route)
            }
            nodes.append(Node(
                literals: literalStart..<literalRanges.count,
                parameterType: node.parameterType,
                parameterChild: node.parameterChild ?? -1,
                catchAllChild: node.catchAllChild ?? -1,
                methods: methodStart..<methods.count))
        }
        self.nodes = nodes
        self.literalRanges = literalRanges
        self.literalPrefixes = literalPrefixes
        self.literalChildren = literalChildren
        self.literalBytes = literalBytes
        self.methods = methods
        self.methodRoutes = methodRoutes
        self.methodTable = methodTable
    }

    /// Finds the route for `method` and the raw (percent-encoded) `path`.
    ///
    /// Where a literal and a parameter both fit a segment, the literal is tried first and the
    /// parameter next, so `/users/me` and `/users/{id}` can serve different methods; a path
    /// that exists only for other methods is 405, with every method any fitting route has.
    func match(method: HTTPMethod, path: Substring) -> Match {
        if let match = path.utf8.withContiguousStorageIfAvailable({ match(method: method, bytes: $0) }) {
            return match
        }
        let copy = Array(path.utf8)
        return copy.withUnsafeBufferPointer { match(method: method, bytes: $0) }
    }

    private func match(method: HTTPMethod, bytes: UnsafeBufferPointer<UInt8>) -> Match {
        // GET and HEAD are entries 0 and 1 of `methodTable`; most requests are one of them.
        let methodIndex = method == .get ? 0 : method == .head ? 1 : methodTable.firstIndex(of: method) ?? -1
        var search = Search(method: methodIndex, bytes: bytes)
        if let route = find(node: 0, from: 0, search: &search) {
            return .found(route: route, captures: search.captures, decoded: search.decodedValues)
        }
        if search.malformed { return .malformedPath }
        if search.allowedMask == 0 && search.allowedOverflow.isEmpty { return .notFound }
        var allowed: [HTTPMethod] = []
        for index in methodTable.indices where search.allows(index) { allowed.append(methodTable[index]) }
        return .methodNotAllowed(allowed: allowed)
    }

    private struct Search {
        /// The request's method as an index into `methodTable`; -1 when no route has it.
        let method: Int
        let bytes: UnsafeBufferPointer<UInt8>
        var captures = PathCaptures()
        /// Values of escaped segments, which cannot be sliced from the path.
        var decodedValues: [String] = []
        /// The methods of the routes that fit the path, for 405: a bit per index into
        /// `methodTable`, and a list for indices past 63.
        var allowedMask: UInt64 = 0
        var allowedOverflow: [Int] = []
        var malformed = false

        init(method: Int, bytes: UnsafeBufferPointer<UInt8>) {
            self.method = method
            self.bytes = bytes
        }

        mutating func allow(_ index: Int) {
            if index < 64 {
                allowedMask |= 1 << UInt64(index)
            } else if !allowedOverflow.contains(index) {
                allowedOverflow.append(index)
            }
        }

        func allows(_ index: Int) -> Bool {
            index < 64 ? allowedMask & (1 << UInt64(index)) != 0 : allowedOverflow.contains(index)
        }

        /// Keeps the value at `range` of the path, or `decoded` when it had escapes.
        mutating func capture(_ range: Range<Int>, decoded: String?) {
            if let decoded {
                keepDecoded(decoded)
            } else if PathCaptures.fitsSlice(range) {
                captures.appendSlice(range)
            } else {
                keepDecoded(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self))
            }
        }

        private mutating func keepDecoded(_ value: String) {
            decodedValues.append(value)
            captures.appendDecoded(decodedValues.count - 1)
        }
    }

    /// The route for the path from byte `start`, collecting parameters; `nil` when none fits.
    private func find(node index: Int, from start: Int, search: inout Search) -> Int? {
        let node = nodes[index]
        let bytes = search.bytes
        var segmentStart = start
        // Skip the slash that precedes each segment.
        if segmentStart < bytes.count, bytes[segmentStart] == UInt8(ascii: "/") { segmentStart += 1 }
        if segmentStart == bytes.count {
            if let route = route(at: node, for: search.method) { return route }
            addAllowed(node, to: &search)
            if node.catchAllChild >= 0 {
                return accept(node: node.catchAllChild, value: segmentStart..<segmentStart, decoded: nil, search: &search)
            }
            return nil
        }
        var segmentEnd = segmentStart
        var escaped = false
        while segmentEnd < bytes.count, bytes[segmentEnd] != UInt8(ascii: "/") {
            if bytes[segmentEnd] == UInt8(ascii: "%") { escaped = true }
            segmentEnd += 1
        }
        let segment = UnsafeBufferPointer(rebasing: bytes[segmentStart..<segmentEnd])
        // RFC 3986 §2.1: "%zz" or bytes that are not UTF-8 name no resource; two such
        // spellings must not decode to one value.
        var decoded: [UInt8] = []
        var decodedText: String?
        if escaped {
            guard let text = PercentEncoding.decodeStrict(String(decoding: segment, as: UTF8.self)) else {
                search.malformed = true
                return nil
            }
            decodedText = text
            decoded = Array(text.utf8)
        }
        if escaped {
            return decoded.withUnsafeBufferPointer { decodedBytes in
                follow(node, segment: decodedBytes, in: segmentStart..<segmentEnd, decoded: decodedText, search: &search)
            }
        }
        return follow(node, segment: segment, in: segmentStart..<segmentEnd, decoded: nil, search: &search)
    }

    /// The route below `node` for one (decoded) segment: its literal child, then its
    /// parameter, then its `{…:path}`.
    private func follow(_ node: Node, segment: UnsafeBufferPointer<UInt8>, in range: Range<Int>, decoded: String?, search: inout Search) -> Int? {
        if let next = literalChild(of: node, matching: segment),
           let found = find(node: next, from: range.upperBound, search: &search) {
            return found
        }
        if node.parameterChild >= 0, let type = node.parameterType, type.accepts(segment) {
            search.capture(range, decoded: decoded)
            if let found = find(node: node.parameterChild, from: range.upperBound, search: &search) {
                return found
            }
            search.captures.removeLast()
        }
        if node.catchAllChild >= 0 {
            let bytes = search.bytes
            let rest = UnsafeBufferPointer(rebasing: bytes[range.lowerBound...])
            var decoded: String?
            if rest.contains(UInt8(ascii: "%")) {
                guard let value = Self.decodePathValue(String(decoding: rest, as: UTF8.self)[...]) else {
                    search.malformed = true
                    return nil
                }
                decoded = value
            }
            return accept(node: node.catchAllChild, value: range.lowerBound..<bytes.count, decoded: decoded, search: &search)
        }
        return nil
    }

    private func literalChild(of node: Node, matching segment: UnsafeBufferPointer<UInt8>) -> Int? {
        let prefix = Self.prefix(segment)
        var literal = node.literals.lowerBound
        while literal < node.literals.upperBound {
            if literalPrefixes[literal] == prefix {
                let range = literalRanges[literal]
                if range.count == segment.count {
                    // The first eight bytes are equal; compare the rest, if there is a rest.
                    var offset = 8
                    while offset < range.count && literalBytes[range.lowerBound + offset] == segment[offset] { offset += 1 }
                    if offset >= range.count { return literalChildren[literal] }
                }
            }
            literal += 1
        }
        return nil
    }

    /// The first eight bytes of `bytes`, zero-padded, as one integer.
    @inline(__always)
    private static func prefix(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var value: UInt64 = 0
        let count = Swift.min(bytes.count, 8)
        var index = 0
        while index < count {
            value |= UInt64(bytes[index]) << (8 * UInt64(index))
            index += 1
        }
        return value
    }

    /// The route a `{…:path}` node has for the method, with the rest of the path as its last
    /// parameter.
    private func accept(node index: Int, value: Range<Int>, decoded: String?, search: inout Search) -> Int? {
        if let route = route(at: nodes[index], for: search.method) {
            search.capture(value, decoded: decoded)
            return route
        }
        addAllowed(nodes[index], to: &search)
        return nil
    }

    private func addAllowed(_ node: Node, to search: inout Search) {
        for index in node.methods { search.allow(methods[index]) }
    }

    private func route(at node: Node, for method: Int) -> Int? {
        var index = node.methods.lowerBound
        while index < node.methods.upperBound {
            if methods[index] == method { return methodRoutes[index] }
            index += 1
        }
        // RFC 9110 §9.3.2: HEAD is GET without content, so a GET route answers it. (GET and
        // HEAD are entries 0 and 1 of `methodTable`.)
        if method == 1 {
            index = node.methods.lowerBound
            while index < node.methods.upperBound {
                if methods[index] == 0 { return methodRoutes[index] }
                index += 1
            }
        }
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
}
