/// The `Decoder` handed to `init(from:)`: it reads the one value at `offset` of the
/// document, and is its own single-value container.
///
/// A struct rather than a class: it only points into the shared, already validated document.
struct MessagePackValueDecoder: Decoder, SingleValueDecodingContainer {
    let document: MessagePackDocument
    let offset: Int
    let codingPath: [any CodingKey]

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        let (token, first) = try document.token(at: offset)
        guard case .map(let count) = token else {
            throw document.mismatch([String: Any].self, token, codingPath)
        }
        return KeyedDecodingContainer(try MessagePackKeyedDecodingContainer<Key>(
            document: document, codingPath: codingPath, count: count, firstEntry: first))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (token, first) = try document.token(at: offset)
        guard case .array(let count) = token else {
            throw document.mismatch([Any].self, token, codingPath)
        }
        return MessagePackUnkeyedDecodingContainer(document: document, codingPath: codingPath, count: count, cursor: first)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    /// The ext value here, for `MessagePackExtension.init(from:)`.
    func decodeExtension() throws -> MessagePackExtension {
        try document.decodeExtension(at: offset, codingPath: codingPath)
    }

    // MARK: SingleValueDecodingContainer

    func decodeNil() -> Bool { (try? document.decodeNil(at: offset)) ?? false }
    func decode(_ type: Bool.Type) throws -> Bool { try document.decodeBool(at: offset, codingPath: codingPath) }
    func decode(_ type: String.Type) throws -> String { try document.decodeString(at: offset, codingPath: codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try document.decodeDouble(at: offset, codingPath: codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try document.decodeFloat(at: offset, codingPath: codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try document.decodeInteger(type, at: offset, codingPath: codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try document.decodeInteger(type, at: offset, codingPath: codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try document.decodeInteger(type, at: offset, codingPath: codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try document.decodeInteger(type, at: offset, codingPath: codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try document.decodeInteger(type, at: offset, codingPath: codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try document.decodeInteger(type, at: offset, codingPath: codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try document.decodeInteger(type, at: offset, codingPath: codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try document.decodeInteger(type, at: offset, codingPath: codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try document.decodeInteger(type, at: offset, codingPath: codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try document.decodeInteger(type, at: offset, codingPath: codingPath) }
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    func decode(_ type: Int128.Type) throws -> Int128 { try document.decodeInteger(type, at: offset, codingPath: codingPath) }
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    func decode(_ type: UInt128.Type) throws -> UInt128 { try document.decodeInteger(type, at: offset, codingPath: codingPath) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try document.decode(type, at: offset, codingPath: codingPath) }
}
