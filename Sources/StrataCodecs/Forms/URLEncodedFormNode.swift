import StrataHTTP

/// A form's pairs arranged as a tree by their bracketed names, for ``URLEncodedFormDecoder``.
///
/// `name=Ada&tag=a&tag[]=b&address[city]=Oslo&items[0][sku]=x` becomes
/// `name: ["Ada"]`, `tag: ["a", "b"]`, `address: {city: ["Oslo"]}`, `items: {0: {sku: ["x"]}}`.
/// A node can hold both values and children; which one is read depends on the type decoded.
struct URLEncodedFormNode {
    /// The values given for exactly this name, in order (`tag=a&tag=b`, `tag[]=a`).
    var values: [String] = []
    /// Child names in the order they first appeared; the order a `[String: T]` is filled in.
    var childNames: [String] = []
    var children: [String: URLEncodedFormNode] = [:]

    /// A node for a name that appeared nowhere in the form.
    static let absent = URLEncodedFormNode()

    init() {}

    /// The tree of `form`: names split on their brackets, values kept in order.
    init(_ form: URLEncodedForm) {
        for (name, value) in form {
            insert(value, at: Self.path(of: name)[...])
        }
    }

    /// Whether the name appeared nowhere in the form.
    var isAbsent: Bool { values.isEmpty && childNames.isEmpty }

    /// Whether this is a plain value that is empty, as browsers send for an empty input.
    var isEmptyValue: Bool { childNames.isEmpty && values.last == "" }

    /// The child named `name`, or an absent node.
    func child(_ name: String) -> URLEncodedFormNode {
        children[name] ?? .absent
    }

    private mutating func insert(_ value: String, at path: ArraySlice<String>) {
        guard let first = path.first else {
            values.append(value)
            return
        }
        if children[first] == nil { childNames.append(first) }
        children[first, default: URLEncodedFormNode()].insert(value, at: path.dropFirst())
    }

    /// The most bracketed segments a name may nest; building and decoding the tree recurse
    /// once per level, and a form body is the client's to write.
    static let maximumDepth = 32

    /// `a[b][c]` → `["a", "b", "c"]`; a final `[]` means "append": `tag[]` → `["tag"]`.
    ///
    /// A name whose brackets do not follow that shape (`a[b`, `a[b]c`, `[a]`, `a[][b]`), or
    /// that nests deeper than ``maximumDepth``, is taken literally as one name, so no input
    /// is lost or rejected here.
    static func path(of name: String) -> [String] {
        let utf8 = name.utf8
        guard let open = utf8.firstIndex(of: UInt8(ascii: "[")), open != utf8.startIndex else { return [name] }
        var path = [String(name[..<open])]
        var cursor = open
        while cursor != utf8.endIndex {
            // Every segment is `[` + text without brackets + `]`.
            guard utf8[cursor] == UInt8(ascii: "["),
                  let close = utf8[utf8.index(after: cursor)...].firstIndex(where: { $0 == UInt8(ascii: "]") || $0 == UInt8(ascii: "[") }),
                  utf8[close] == UInt8(ascii: "]")
            else { return [name] }
            let segment = String(name[utf8.index(after: cursor)..<close])
            cursor = utf8.index(after: close)
            if segment.isEmpty {
                // `[]` only as the last segment: `a[][b]` has no agreed meaning.
                guard cursor == utf8.endIndex else { return [name] }
            } else {
                path.append(segment)
                guard path.count <= maximumDepth else { return [name] }
            }
        }
        return path
    }

    /// The nodes an array is decoded from: the values (`tag=a&tag=b`), or children named
    /// `0`, `1`, … in numeric order (`items[0][sku]=x`); `nil` for any other set of children.
    func arrayElements() -> [URLEncodedFormNode]? {
        if !values.isEmpty {
            return values.map { value in
                var leaf = URLEncodedFormNode()
                leaf.values = [value]
                return leaf
            }
        }
        var indexed: [(index: Int, node: URLEncodedFormNode)] = []
        for name in childNames {
            guard let index = Int(name), index >= 0, let node = children[name] else { return nil }
            indexed.append((index, node))
        }
        return indexed.sorted { $0.index < $1.index }.map(\.node)
    }
}
