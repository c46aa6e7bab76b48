import FoundationEssentials

/// What a type's `init(from:)` asked a decoder for, recorded by ``SchemaDecoder``: the keys
/// it read and whether it required them, the element type of a list, the value of a wrapper.
final class SchemaInspection {
    enum Kind {
        case unknown, keyed, unkeyed, single
    }

    /// A decoded value: a type, described by the registry, or a container read in place.
    enum Element {
        case type(Any.Type)
        case inline(SchemaInspection)
    }

    struct Property {
        var element: Element
        var isRequired: Bool
        var isNullable: Bool
    }

    var kind = Kind.unknown
    /// Keys the type asked about with `contains` (as the standard `decodeIfPresent` does):
    /// reading them is not requiring them.
    var presenceChecked = Set<String>()
    /// Keys in the order the type first read them.
    private(set) var propertyNames: [String] = []
    private(set) var properties: [String: Property] = [:]
    var items: Element?
    var single: Element?

    func record(_ name: String, _ element: Element, isRequired requested: Bool, isNullable: Bool = false) {
        let isRequired = requested && !presenceChecked.contains(name)
        if var known = properties[name] {
            // Read twice (say, `contains` then `decode`): required if either read required it.
            known.isRequired = known.isRequired || isRequired
            known.isNullable = known.isNullable || isNullable
            known.element = element
            properties[name] = known
            return
        }
        propertyNames.append(name)
        properties[name] = Property(element: element, isRequired: isRequired, isNullable: isNullable)
    }

    func markNullable(_ name: String) {
        if properties[name] != nil {
            properties[name]?.isNullable = true
        } else {
            propertyNames.append(name)
            properties[name] = Property(element: .type(Never?.self), isRequired: false, isNullable: true)
        }
    }
}

/// A decoder that hands a type stand-in values and records what it asks for: the way to
/// learn a `Decodable` type's shape without macros or an instance.
///
/// Every key is reported present and every value non-null, so an `init(from:)` walks all
/// its paths; `decodeIfPresent` marks a key optional. A nested type is not entered here —
/// it is recorded by type and described on its own, so recursive types end in a `$ref`.
struct SchemaDecoder: Decoder {
    let inspection: SchemaInspection
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        inspection.kind = .keyed
        return KeyedDecodingContainer(SchemaKeyedContainer<Key>(inspection: inspection, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        inspection.kind = .unkeyed
        return SchemaUnkeyedContainer(inspection: inspection, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        inspection.kind = .single
        return SchemaSingleValueContainer(inspection: inspection, codingPath: codingPath)
    }
}

/// A stand-in of `type` (`"1"`, `1`, empty lists, the first case; see ``Placeholder``), or an
/// error that says which value had none.
private func standIn<T: Decodable>(_ type: T.Type, at path: [any CodingKey]) throws -> T {
    do {
        return try Placeholder.value(of: type, style: .schema)
    } catch {
        throw StandInRejected(type: T.self, path: path)
    }
}

/// A type rejected every stand-in value, so the description of what contains it ends there.
struct StandInRejected: Error, CustomStringConvertible {
    let type: Any.Type
    let path: [any CodingKey]

    var description: String {
        let field = path.map(\.stringValue).joined(separator: ".")
        return "\(type)\(field.isEmpty ? "" : " at `\(field)`") cannot be made from stand-in values"
    }
}

private struct SchemaKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let inspection: SchemaInspection
    var codingPath: [any CodingKey]
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool {
        inspection.presenceChecked.insert(key.stringValue)
        return true
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        inspection.markNullable(key.stringValue)
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        inspection.record(key.stringValue, .type(T.self), isRequired: true)
        return try standIn(T.self, at: codingPath + [key])
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        inspection.record(key.stringValue, .type(T.self), isRequired: false, isNullable: true)
        return nil
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        let nested = SchemaInspection()
        nested.kind = .keyed
        inspection.record(key.stringValue, .inline(nested), isRequired: true)
        return KeyedDecodingContainer(SchemaKeyedContainer<NestedKey>(inspection: nested, codingPath: codingPath + [key]))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        let nested = SchemaInspection()
        nested.kind = .unkeyed
        inspection.record(key.stringValue, .inline(nested), isRequired: true)
        return SchemaUnkeyedContainer(inspection: nested, codingPath: codingPath + [key])
    }

    func superDecoder() throws -> any Decoder {
        let nested = SchemaInspection()
        inspection.record("super", .inline(nested), isRequired: true)
        return SchemaDecoder(inspection: nested, codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        let nested = SchemaInspection()
        inspection.record(key.stringValue, .inline(nested), isRequired: true)
        return SchemaDecoder(inspection: nested, codingPath: codingPath + [key])
    }
}

/// Offers one element, then reports the end: the element's type is the list's item type.
private struct SchemaUnkeyedContainer: UnkeyedDecodingContainer {
    let inspection: SchemaInspection
    var codingPath: [any CodingKey]
    /// One element, which is all the inspection reads.
    var count: Int? { 1 }
    var currentIndex = 0
    var isAtEnd: Bool { currentIndex > 0 }

    mutating func decodeNil() throws -> Bool { false }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if currentIndex == 0 { inspection.items = .type(T.self) }
        currentIndex += 1
        return try standIn(T.self, at: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let nested = SchemaInspection()
        nested.kind = .keyed
        if currentIndex == 0 { inspection.items = .inline(nested) }
        currentIndex += 1
        return KeyedDecodingContainer(SchemaKeyedContainer<NestedKey>(inspection: nested, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let nested = SchemaInspection()
        nested.kind = .unkeyed
        if currentIndex == 0 { inspection.items = .inline(nested) }
        currentIndex += 1
        return SchemaUnkeyedContainer(inspection: nested, codingPath: codingPath)
    }

    mutating func superDecoder() throws -> any Decoder {
        let nested = SchemaInspection()
        if currentIndex == 0 { inspection.items = .inline(nested) }
        currentIndex += 1
        return SchemaDecoder(inspection: nested, codingPath: codingPath)
    }
}

private struct SchemaSingleValueContainer: SingleValueDecodingContainer {
    let inspection: SchemaInspection
    var codingPath: [any CodingKey]

    func decodeNil() -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        inspection.single = .type(T.self)
        return try standIn(T.self, at: codingPath)
    }
}
