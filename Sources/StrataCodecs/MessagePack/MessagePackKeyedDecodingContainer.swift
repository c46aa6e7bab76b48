/// Reads a MessagePack map as a keyed container.
///
/// Creating it indexes the map once: each key with the offset of its value. Keys must be str
/// (valid UTF-8) or integers, which read as their decimal text so that `[Int: V]` maps from
/// other implementations decode. A repeated key is refused: the spec leaves its meaning
/// undefined, and two readers picking different copies is how smuggling bugs start.
struct MessagePackKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let document: MessagePackDocument
    let codingPath: [any CodingKey]
    /// Keys in wire order, each with the offset of its value.
    private let entries: [(key: String, offset: Int)]
    /// Key → position in `entries`, built only for maps where a linear scan would be slow.
    private let index: [String: Int]?

    private static var linearScanLimit: Int { 8 }

    init(document: MessagePackDocument, codingPath: [any CodingKey], count: Int, firstEntry: Int) throws {
        self.document = document
        self.codingPath = codingPath
        var entries: [(key: String, offset: Int)] = []
        // `count` was checked against the input's length, so this is bounded by it.
        entries.reserveCapacity(count)
        var index: [String: Int]? = count > Self.linearScanLimit ? Dictionary(minimumCapacity: count) : nil
        var offset = firstEntry
        for _ in 0..<count {
            let keyOffset = offset
            let (token, valueOffset) = try document.token(at: keyOffset)
            let key: String
            switch token {
            case .string:
                key = try document.decodeString(at: keyOffset, codingPath: codingPath)
            case .unsigned(let number):
                key = String(number)
            case .signed(let number):
                key = String(number)
            default:
                throw document.corrupted("Map key at offset \(keyOffset) is \(token.kind); only str and integer keys can be decoded into a keyed container", codingPath)
            }
            let isDuplicate: Bool
            if index != nil {
                isDuplicate = index?.updateValue(entries.count, forKey: key) != nil
            } else {
                isDuplicate = entries.contains { $0.key == key }
            }
            guard !isDuplicate else {
                throw document.corrupted("Map has the key \"\(key)\" more than once (at offset \(keyOffset))", codingPath)
            }
            entries.append((key, valueOffset))
            offset = try document.end(ofValueAt: valueOffset)
        }
        self.entries = entries
        self.index = index
    }

    var allKeys: [Key] { entries.compactMap { Key(stringValue: $0.key) } }

    func contains(_ key: Key) -> Bool { valueOffset(forKey: key.stringValue) != nil }

    private func valueOffset(forKey key: String) -> Int? {
        if let index {
            return index[key].map { entries[$0].offset }
        }
        return entries.first { $0.key == key }?.offset
    }

    private func valueOffset(for key: Key) throws -> Int {
        guard let offset = valueOffset(forKey: key.stringValue) else {
            throw DecodingError.keyNotFound(key, DecodingError.Context(
                codingPath: codingPath,
                debugDescription: "No value associated with key \"\(key.stringValue)\" in the map at \(describeCodingPath(codingPath))."))
        }
        return offset
    }

    private func path(_ key: Key) -> [any CodingKey] { codingPath + [key] }

    func decodeNil(forKey key: Key) throws -> Bool { try document.decodeNil(at: valueOffset(for: key)) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        try document.decodeBool(at: valueOffset(for: key), codingPath: path(key))
    }
    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try document.decodeString(at: valueOffset(for: key), codingPath: path(key))
    }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try document.decodeDouble(at: valueOffset(for: key), codingPath: path(key))
    }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        try document.decodeFloat(at: valueOffset(for: key), codingPath: path(key))
    }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(type, key) }
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    func decode(_ type: Int128.Type, forKey key: Key) throws -> Int128 { try integer(type, key) }
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    func decode(_ type: UInt128.Type, forKey key: Key) throws -> UInt128 { try integer(type, key) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try document.decode(type, at: valueOffset(for: key), codingPath: path(key))
    }

    private func integer<I: FixedWidthInteger>(_ type: I.Type, _ key: Key) throws -> I {
        try document.decodeInteger(type, at: valueOffset(for: key), codingPath: path(key))
    }

    private func decoder(for key: Key) throws -> MessagePackValueDecoder {
        MessagePackValueDecoder(document: document, offset: try valueOffset(for: key), codingPath: path(key))
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder(for: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder(for: key).unkeyedContainer()
    }

    /// A decoder for the value under `"super"`, reading as nil if there is none.
    func superDecoder() throws -> any Decoder {
        MessagePackValueDecoder(
            document: document,
            offset: valueOffset(forKey: IndexCodingKey.super.stringValue) ?? MessagePackDocument.missingValueOffset,
            codingPath: codingPath + [IndexCodingKey.super])
    }

    /// A decoder for the value under `key`, reading as nil if there is none.
    func superDecoder(forKey key: Key) throws -> any Decoder {
        MessagePackValueDecoder(
            document: document,
            offset: valueOffset(forKey: key.stringValue) ?? MessagePackDocument.missingValueOffset,
            codingPath: path(key))
    }
}
