import FoundationEssentials

/// Stand-in values for fields that failed to decode, so the fields after them are still
/// checked: zero, empty, `false`, the first case of a `CaseIterable` enum, a struct of such
/// values. They are never handed to a handler — a request with any issue is refused.
enum Placeholder {
    /// How deep a stand-in may nest: a type whose stand-in would contain itself without end
    /// (a custom `init(from:)` that recurses when a key is absent) stops here.
    static let depthLimit = 32

    /// The values a stand-in is made of. The API document's inspection uses `"1"` and `1`,
    /// which more hand-written initializers accept than `""` and `0` (a `URL(string:)!`, an
    /// `Int(text)!`, a division).
    enum Style: Sendable {
        case empty, schema
    }

    static func value<T: Decodable>(of type: T.Type, depth: Int = 0, style: Style = .empty) throws -> T {
        if let value = special(T.self) { return value }
        guard depth < depthLimit else { throw CollectionStopped() }
        do {
            return try T(from: PlaceholderDecoder(depth: depth + 1, style: style))
        } catch {
            throw CollectionStopped()
        }
    }

    private static func special<T>(_ type: T.Type) -> T? {
        if let described = T.self as? any OpenAPISchemaDescribing.Type, let value = described.openAPIStandIn as? T { return value }
        if T.self == UUID.self { return UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)) as? T }
        if T.self == URL.self { return URL(string: "about:blank") as? T }
        if T.self == Decimal.self { return Decimal(0) as? T }
        if let cases = T.self as? any CaseIterable.Type {
            return firstCase(of: cases) as? T
        }
        return nil
    }

    private static func firstCase<C: CaseIterable>(of type: C.Type) -> Any? {
        C.allCases.first
    }
}

/// A decoder with nothing in it: every key is absent, every list empty, every number zero.
private struct PlaceholderDecoder: Decoder {
    let depth: Int
    let style: Placeholder.Style
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(PlaceholderKeyedContainer<Key>(depth: depth, style: style))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        PlaceholderUnkeyedContainer(depth: depth, style: style)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        PlaceholderSingleValueContainer(depth: depth, style: style)
    }
}

private func placeholderScalar<T: Decodable>(_ type: T.Type, depth: Int, style: Placeholder.Style) throws -> T {
    let number = style == .schema ? 1 : 0
    switch type {
    case is String.Type: return (style == .schema ? "1" : "") as! T
    case is Bool.Type: return false as! T
    default:
        if let integer = type as? any BinaryInteger.Type { return integer.init(number) as! T }
        if let float = type as? any BinaryFloatingPoint.Type { return float.init(number) as! T }
        return try Placeholder.value(of: type, depth: depth, style: style)
    }
}

private struct PlaceholderKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let depth: Int
    let style: Placeholder.Style
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { [] }
    func contains(_ key: Key) -> Bool { false }
    func decodeNil(forKey key: Key) throws -> Bool { true }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try placeholderScalar(type, depth: depth, style: style) }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { nil }
    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        KeyedDecodingContainer(PlaceholderKeyedContainer<NestedKey>(depth: depth, style: style))
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { PlaceholderUnkeyedContainer(depth: depth, style: style) }
    func superDecoder() throws -> any Decoder { PlaceholderDecoder(depth: depth + 1, style: style) }
    func superDecoder(forKey key: Key) throws -> any Decoder { PlaceholderDecoder(depth: depth + 1, style: style) }
}

private struct PlaceholderUnkeyedContainer: UnkeyedDecodingContainer {
    let depth: Int
    let style: Placeholder.Style
    var codingPath: [any CodingKey] { [] }
    var count: Int? { 0 }
    var isAtEnd: Bool { true }
    var currentIndex: Int { 0 }
    mutating func decodeNil() throws -> Bool { true }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { throw CollectionStopped() }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        throw CollectionStopped()
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { throw CollectionStopped() }
    mutating func superDecoder() throws -> any Decoder { PlaceholderDecoder(depth: depth + 1, style: style) }
}

private struct PlaceholderSingleValueContainer: SingleValueDecodingContainer {
    let depth: Int
    let style: Placeholder.Style
    var codingPath: [any CodingKey] { [] }
    func decodeNil() -> Bool { true }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try placeholderScalar(type, depth: depth, style: style) }
}
