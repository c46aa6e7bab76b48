/// An ordered list of HTTP fields with case-insensitive names (RFC 9110 §5).
///
/// Fields keep the order they were added in, a name may appear more than once, and
/// lookups ignore the case of names:
///
/// ```swift
/// var headers: HTTPHeaders = ["Content-Language": "en", "Vary": "Accept"]
/// headers.add("Vary", "Origin")
/// headers["content-language"]      // "en"
/// headers.values(for: "vary")      // ["Accept", "Origin"]
/// ```
///
/// Mutation never fails, so a value can be built freely; what reaches the wire is checked
/// with ``validate()`` — Strata checks layer headers when the app is built and a
/// response's own headers before it is written, and refuses a field with CR, LF or NUL.
public struct HTTPHeaders: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// One field: a name as given and its value.
    public struct Field: Sendable, Hashable {
        /// The field name, with the case it was given in.
        public var name: String
        /// The field value.
        public var value: String

        /// A field.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The fields in order.
    public private(set) var fields: [Field]

    /// No fields.
    public init() {
        fields = []
    }

    /// Fields in the given order; repeated names are kept.
    public init(_ fields: [(String, String)]) {
        self.fields = fields.map { Field(name: $0.0, value: $0.1) }
    }

    /// Fields in literal order; repeated names are kept.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// The number of fields.
    public var count: Int { fields.count }
    /// Whether there are no fields.
    public var isEmpty: Bool { fields.isEmpty }

    /// Makes room for `count` fields, so that adding them allocates once.
    public mutating func reserveCapacity(_ count: Int) {
        fields.reserveCapacity(count)
    }

    /// The fields in order.
    public func makeIterator() -> IndexingIterator<[Field]> {
        fields.makeIterator()
    }

    /// The first value of the field `name`; setting replaces every field of that name
    /// with one at the position of the first (or appends it), and `nil` removes them all.
    public subscript(name: String) -> String? {
        get {
            fields.first { Self.namesEqual($0.name, name) }?.value
        }
        set {
            if let newValue {
                replaceOrAdd(name, newValue)
            } else {
                remove(name)
            }
        }
    }

    /// Every value of the field `name`, in order.
    public func values(for name: String) -> [String] {
        // One array, and none at all when the field is absent: the parser asks for several
        // fields of every request.
        var values: [String] = []
        for field in fields where Self.namesEqual(field.name, name) { values.append(field.value) }
        return values
    }

    /// How many fields are named `name`.
    public func count(of name: String) -> Int {
        var count = 0
        for field in fields where Self.namesEqual(field.name, name) { count += 1 }
        return count
    }

    /// Whether a field named `name` is present.
    public func contains(_ name: String) -> Bool {
        fields.contains { Self.namesEqual($0.name, name) }
    }

    /// Appends a field, keeping any others of the same name.
    public mutating func add(_ name: String, _ value: String) {
        add(Field(name: name, value: value))
    }

    /// Appends a field.
    public mutating func add(_ field: Field) {
        // Room for four at the first growth: fields are added one by one — a middleware per
        // layer, the layers' own — and an array grown from one element would reallocate for
        // the second and the third.
        if fields.count == fields.capacity && fields.count < 4 { fields.reserveCapacity(4) }
        fields.append(field)
    }

    /// Sets `name` to one field with `value`, at the position of its first occurrence.
    public mutating func replaceOrAdd(_ name: String, _ value: String) {
        guard let first = fields.firstIndex(where: { Self.namesEqual($0.name, name) }) else {
            add(name, value)
            return
        }
        fields[first].value = value
        fields[first].name = name
        var index = fields.index(after: first)
        while index < fields.endIndex {
            if Self.namesEqual(fields[index].name, name) {
                fields.remove(at: index)
            } else {
                index += 1
            }
        }
    }

    /// Removes every field named `name`.
    public mutating func remove(_ name: String) {
        fields.removeAll { Self.namesEqual($0.name, name) }
    }

    /// Appends all of `other`'s fields.
    public mutating func add(contentsOf other: HTTPHeaders) {
        fields.append(contentsOf: other.fields)
    }

    /// Equality is field by field, in order, with names compared case-insensitively.
    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.count == rhs.fields.count
            && zip(lhs.fields, rhs.fields).allSatisfy { namesEqual($0.name, $1.name) && $0.value == $1.value }
    }

    /// Hashes as ``==`` compares: names without case, values exactly.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(fields.count)
        for field in fields {
            for byte in field.name.utf8 { hasher.combine(ASCII.lowercased(byte)) }
            hasher.combine(field.value)
        }
    }

    /// One `name: value` line per field.
    public var description: String {
        fields.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
    }

    /// Whether two field names are equal ignoring ASCII case (RFC 9110 §5.1).
    @inline(__always)
    public static func namesEqual(_ lhs: String, _ rhs: String) -> Bool {
        ASCII.caseInsensitiveEquals(lhs, rhs)
    }
}

extension HTTPHeaders {
    /// `name` with ASCII letters lowercased: the form two names compare equal in.
    public static func normalizedName(_ name: String) -> String {
        ASCII.lowercased(name)
    }
}
