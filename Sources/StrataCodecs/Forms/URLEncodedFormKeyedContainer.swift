/// The fields of one form object: top-level names, or the `x[name]` fields under `x`.
struct URLEncodedFormKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let node: URLEncodedFormNode
    let codingPath: [any CodingKey]

    var allKeys: [Key] { node.childNames.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { node.children[key.stringValue] != nil }

    /// A missing field, or an empty value (an empty input), is nil.
    func decodeNil(forKey key: Key) -> Bool {
        let child = node.child(key.stringValue)
        return child.isAbsent || child.isEmptyValue
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try unbox(type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try unbox(type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try unbox(type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try unbox(type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try unbox(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try unbox(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try unbox(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try unbox(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try unbox(type, key) }
    func decode(_ type: Int128.Type, forKey key: Key) throws -> Int128 { try unbox(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try unbox(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try unbox(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try unbox(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try unbox(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try unbox(type, key) }
    func decode(_ type: UInt128.Type, forKey key: Key) throws -> UInt128 { try unbox(type, key) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try unbox(type, key) }

    // The other `decodeIfPresent` overloads keep the standard library's defaults, which use
    // `decodeNil(forKey:)` and so read an empty value as nil. `String?` keeps "" instead.
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try unbox(String?.self, key) }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try unbox(T?.self, key) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder(for: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder(for: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        URLEncodedFormDecoding(node: node.child("super"), codingPath: codingPath + [IndexCodingKey(stringValue: "super")])
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        decoder(for: key)
    }

    private func decoder(for key: Key) -> URLEncodedFormDecoding {
        URLEncodedFormDecoding(node: node.child(key.stringValue), codingPath: codingPath + [key])
    }

    private func unbox<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
        try URLEncodedFormValues.unbox(T.self, from: node.child(key.stringValue), at: codingPath + [key])
    }
}
