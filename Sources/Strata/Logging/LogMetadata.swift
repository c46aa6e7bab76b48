/// The structured fields of a log event, in the order they were given: a log line reads
/// `method=GET path=/books status=200`, not in hash order.
///
/// ```swift
/// var metadata: LogMetadata = ["route": "/books/{id}", "status": 404]
/// metadata["request_id"] = "7f3c…"
/// ```
public struct LogMetadata: Sendable, Hashable, ExpressibleByDictionaryLiteral, Sequence {
    /// The fields, in order; a key appears once.
    public private(set) var fields: [(key: String, value: LogValue)]

    /// Fields from a literal; a repeated key keeps its last value, in its first place.
    public init(dictionaryLiteral elements: (String, LogValue)...) {
        fields = []
        fields.reserveCapacity(elements.count)
        for (key, value) in elements {
            if let index = fields.firstIndex(where: { Self.sameKey($0.key, key) }) {
                fields[index].value = value
            } else {
                fields.append((key, value))
            }
        }
    }

    /// Key equality that rejects most pairs on their length: literals are checked for
    /// repeats on every event.
    private static func sameKey(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a == b
    }

    /// Room for `capacity` fields, so a known set of them is one allocation.
    init(capacity: Int) {
        fields = []
        fields.reserveCapacity(capacity)
    }

    /// Appends a field known not to be there yet.
    mutating func append(_ key: String, _ value: LogValue) {
        fields.append((key, value))
    }

    /// The value of `key`; setting `nil` removes it, setting a new key appends it.
    public subscript(key: String) -> LogValue? {
        get { fields.first { $0.key == key }?.value }
        set {
            let index = fields.firstIndex { $0.key == key }
            switch (index, newValue) {
            case (let index?, let value?): fields[index].value = value
            case (let index?, nil): fields.remove(at: index)
            case (nil, let value?): fields.append((key, value))
            case (nil, nil): break
            }
        }
    }

    /// Whether there are no fields.
    public var isEmpty: Bool { fields.isEmpty }

    /// These fields, then those of `other` (whose values win for a shared key).
    public func merging(_ other: LogMetadata) -> LogMetadata {
        guard !isEmpty else { return other }
        var merged = self
        for (key, value) in other.fields { merged[key] = value }
        return merged
    }

    /// The fields in order, as `(key, value)` pairs.
    public func makeIterator() -> IndexingIterator<[(key: String, value: LogValue)]> {
        fields.makeIterator()
    }

    /// Whether both have the same fields in the same order.
    public static func == (lhs: LogMetadata, rhs: LogMetadata) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for (key, value) in fields {
            hasher.combine(key)
            hasher.combine(value)
        }
    }
}
