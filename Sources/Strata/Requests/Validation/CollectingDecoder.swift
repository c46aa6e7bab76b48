import StrataCodecs

/// The decoder ``IssueCollector`` hands to a type's `init(from:)`: the real decoder at this
/// position, with containers that record failures and go on.
struct CollectingDecoder: Decoder {
    let base: any Decoder
    let collector: IssueCollector

    var codingPath: [any CodingKey] { base.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { base.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        do {
            return KeyedDecodingContainer(CollectingKeyedContainer(base: try base.container(keyedBy: type), collector: collector))
        } catch {
            collector.record(error, at: codingPath)
            throw CollectionStopped()
        }
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        do {
            return CollectingUnkeyedContainer(base: try base.unkeyedContainer(), collector: collector)
        } catch {
            collector.record(error, at: codingPath)
            throw CollectionStopped()
        }
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        CollectingSingleValueContainer(base: try base.singleValueContainer(), collector: collector)
    }
}

struct CollectingKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let base: KeyedDecodingContainer<Key>
    let collector: IssueCollector

    var codingPath: [any CodingKey] { base.codingPath }
    var allKeys: [Key] { base.allKeys }
    func contains(_ key: Key) -> Bool { base.contains(key) }

    func decodeNil(forKey key: Key) throws -> Bool {
        // A missing key is recorded by the decode that follows, not twice.
        (try? base.decodeNil(forKey: key)) ?? false
    }

    // Primitives take the generic path, which the real decoder's generic method serves too.
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decodeValue(Bool.self, forKey: key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decodeValue(String.self, forKey: key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decodeValue(Double.self, forKey: key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decodeValue(Float.self, forKey: key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decodeValue(Int.self, forKey: key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decodeValue(Int8.self, forKey: key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decodeValue(Int16.self, forKey: key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decodeValue(Int32.self, forKey: key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decodeValue(Int64.self, forKey: key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decodeValue(UInt.self, forKey: key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decodeValue(UInt8.self, forKey: key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decodeValue(UInt16.self, forKey: key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decodeValue(UInt32.self, forKey: key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decodeValue(UInt64.self, forKey: key) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decodeValue(type, forKey: key)
    }

    private func decodeValue<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        if collector.entersDirectly(T.self) {
            return try collector.enter(T.self, path: codingPath + [key]) { try base.decode(Collecting<T>.self, forKey: key).value }
                ?? Placeholder.value(of: T.self)
        }
        do {
            return try base.decode(type, forKey: key)
        } catch {
            return try collector.recover(type, error: error, path: codingPath + [key]) {
                try base.decode(Collecting<T>.self, forKey: key).value
            }
        }
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        if collector.entersDirectly(T.self) {
            return try collector.enter(T.self, path: codingPath + [key]) { try base.decodeIfPresent(Collecting<T>.self, forKey: key)?.value }
        }
        do {
            return try base.decodeIfPresent(type, forKey: key)
        } catch {
            return try collector.recover(type, error: error, path: codingPath + [key]) {
                try base.decodeIfPresent(Collecting<T>.self, forKey: key)?.value
            }
        }
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        do {
            return KeyedDecodingContainer(CollectingKeyedContainer<NestedKey>(base: try base.nestedContainer(keyedBy: type, forKey: key), collector: collector))
        } catch {
            collector.record(error, at: codingPath + [key])
            throw CollectionStopped()
        }
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        do {
            return CollectingUnkeyedContainer(base: try base.nestedUnkeyedContainer(forKey: key), collector: collector)
        } catch {
            collector.record(error, at: codingPath + [key])
            throw CollectionStopped()
        }
    }

    func superDecoder() throws -> any Decoder {
        CollectingDecoder(base: try base.superDecoder(), collector: collector)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        CollectingDecoder(base: try base.superDecoder(forKey: key), collector: collector)
    }
}

struct CollectingUnkeyedContainer: UnkeyedDecodingContainer {
    var base: any UnkeyedDecodingContainer
    let collector: IssueCollector

    var codingPath: [any CodingKey] { base.codingPath }
    var count: Int? { base.count }
    var isAtEnd: Bool { base.isAtEnd }
    var currentIndex: Int { base.currentIndex }

    mutating func decodeNil() throws -> Bool {
        try base.decodeNil()
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try decodeValue(Bool.self) }
    mutating func decode(_ type: String.Type) throws -> String { try decodeValue(String.self) }
    mutating func decode(_ type: Double.Type) throws -> Double { try decodeValue(Double.self) }
    mutating func decode(_ type: Float.Type) throws -> Float { try decodeValue(Float.self) }
    mutating func decode(_ type: Int.Type) throws -> Int { try decodeValue(Int.self) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try decodeValue(Int8.self) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try decodeValue(Int16.self) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try decodeValue(Int32.self) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try decodeValue(Int64.self) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try decodeValue(UInt.self) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeValue(UInt8.self) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeValue(UInt16.self) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeValue(UInt32.self) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeValue(UInt64.self) }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decodeValue(type)
    }

    private mutating func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        let index = base.currentIndex
        if collector.entersDirectly(T.self) {
            var base = self.base
            let value = try collector.enter(T.self, path: codingPath + [IndexCodingKey(intValue: index)]) { try base.decode(Collecting<T>.self).value }
            self.base = base
            try skipIfStuck(at: index)
            return try value ?? Placeholder.value(of: T.self)
        }
        do {
            return try base.decode(type)
        } catch {
            let path = codingPath + [IndexCodingKey(intValue: index)]
            let value = try collector.recover(type, error: error, path: path) {
                base.currentIndex == index ? try base.decode(Collecting<T>.self).value : nil
            }
            try skipIfStuck(at: index)
            return value
        }
    }

    mutating func decodeIfPresent<T: Decodable>(_ type: T.Type) throws -> T? {
        let index = base.currentIndex
        if collector.entersDirectly(T.self) {
            var base = self.base
            let value = try collector.enter(T.self, path: codingPath + [IndexCodingKey(intValue: index)]) { try base.decodeIfPresent(Collecting<T>.self)?.value }
            self.base = base
            try skipIfStuck(at: index)
            return value
        }
        do {
            return try base.decodeIfPresent(type)
        } catch {
            let path = codingPath + [IndexCodingKey(intValue: index)]
            let value = try collector.recover(type, error: error, path: path) {
                base.currentIndex == index ? try base.decodeIfPresent(Collecting<T>.self)?.value : nil
            }
            try skipIfStuck(at: index)
            return value
        }
    }

    /// A decoder may leave its position on the element that failed; step over it, or stop
    /// rather than let the caller's loop spin on it.
    private mutating func skipIfStuck(at index: Int) throws {
        guard base.currentIndex == index else { return }
        if (try? base.decodeNil()) == true, base.currentIndex != index { return }
        _ = try? base.decode(Skipped.self)
        if base.currentIndex == index { throw CollectionStopped() }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        do {
            return KeyedDecodingContainer(CollectingKeyedContainer<NestedKey>(base: try base.nestedContainer(keyedBy: type), collector: collector))
        } catch {
            collector.record(error, at: codingPath + [IndexCodingKey(intValue: base.currentIndex)])
            throw CollectionStopped()
        }
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        do {
            return CollectingUnkeyedContainer(base: try base.nestedUnkeyedContainer(), collector: collector)
        } catch {
            collector.record(error, at: codingPath + [IndexCodingKey(intValue: base.currentIndex)])
            throw CollectionStopped()
        }
    }

    mutating func superDecoder() throws -> any Decoder {
        CollectingDecoder(base: try base.superDecoder(), collector: collector)
    }
}

struct CollectingSingleValueContainer: SingleValueDecodingContainer {
    let base: any SingleValueDecodingContainer
    let collector: IssueCollector

    var codingPath: [any CodingKey] { base.codingPath }

    func decodeNil() -> Bool { base.decodeNil() }

    func decode(_ type: Bool.Type) throws -> Bool { try decodeValue(Bool.self) }
    func decode(_ type: String.Type) throws -> String { try decodeValue(String.self) }
    func decode(_ type: Double.Type) throws -> Double { try decodeValue(Double.self) }
    func decode(_ type: Float.Type) throws -> Float { try decodeValue(Float.self) }
    func decode(_ type: Int.Type) throws -> Int { try decodeValue(Int.self) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decodeValue(Int8.self) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decodeValue(Int16.self) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decodeValue(Int32.self) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decodeValue(Int64.self) }
    func decode(_ type: UInt.Type) throws -> UInt { try decodeValue(UInt.self) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeValue(UInt8.self) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeValue(UInt16.self) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeValue(UInt32.self) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeValue(UInt64.self) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decodeValue(type)
    }

    private func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if collector.entersDirectly(T.self) {
            return try collector.enter(T.self, path: codingPath) { try base.decode(Collecting<T>.self).value } ?? Placeholder.value(of: T.self)
        }
        do {
            return try base.decode(type)
        } catch {
            return try collector.recover(type, error: error, path: codingPath) {
                try base.decode(Collecting<T>.self).value
            }
        }
    }
}

/// An element decoded only to step over it.
private struct Skipped: Decodable {
    init(from decoder: any Decoder) throws {}
}
