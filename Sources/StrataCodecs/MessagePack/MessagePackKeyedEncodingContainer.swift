/// Writes a keyed container as a MessagePack map whose str keys keep encoding order.
struct MessagePackKeyedEncodingContainer<Key: CodingKey>: NilWritingKeyedContainer {
    let encoder: MessagePackEncoder
    let builder: MessagePackNodeBuilder

    var codingPath: [any CodingKey] { builder.codingPath }

    /// Named apart from `encode(_:forKey:)` so the concrete overloads below cannot recurse
    /// into themselves.
    private func encodeValue<T: Encodable>(_ value: T, forKey key: Key) throws {
        try encoder.encode(value, into: builder, slot: builder.slot(forKey: key.stringValue))
    }

    func encodeNil(forKey key: Key) throws { builder.values[builder.slot(forKey: key.stringValue)] = .nil }
    func encode(_ value: Bool, forKey key: Key) throws { try encodeValue(value, forKey: key) }
    func encode(_ value: String, forKey key: Key) throws { try encodeValue(value, forKey: key) }
    func encode(_ value: Double, forKey key: Key) throws { try encodeValue(value, forKey: key) }
    func encode(_ value: Float, forKey key: Key) throws { try encodeValue(value, forKey: key) }
    func encode(_ value: Int, forKey key: Key) throws { try encodeValue(value, forKey: key) }
    func encode(_ value: Int8, forKey key: Key) throws { try encodeValue(value, forKey: key) }
    func encode(_ value: Int16, forKey key: Key) throws { try encodeValue(value, forKey: key) }
    func encode(_ value: Int32, forKey key: Key) throws { try encodeValue(value, forKey: key) }
    func encode(_ value: Int64, forKey key: Key) throws { try encodeValue(value, forKey: key) }
    func encode(_ value: UInt, forKey key: Key) throws { try encodeValue(value, forKey: key) }
    func encode(_ value: UInt8, forKey key: Key) throws { try encodeValue(value, forKey: key) }
    func encode(_ value: UInt16, forKey key: Key) throws { try encodeValue(value, forKey: key) }
    func encode(_ value: UInt32, forKey key: Key) throws { try encodeValue(value, forKey: key) }
    func encode(_ value: UInt64, forKey key: Key) throws { try encodeValue(value, forKey: key) }
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    func encode(_ value: Int128, forKey key: Key) throws { try encodeValue(value, forKey: key) }
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    func encode(_ value: UInt128, forKey key: Key) throws { try encodeValue(value, forKey: key) }
    func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try encodeValue(value, forKey: key) }

    /// `encodeIfPresent` comes from ``NilWritingKeyedContainer``.
    var writesNilOptionals: Bool { encoder.nilEncoding == .null }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let map = builder.childContainer(inSlot: builder.slot(forKey: key.stringValue), isMap: true)
        return KeyedEncodingContainer(MessagePackKeyedEncodingContainer<NestedKey>(encoder: encoder, builder: map))
    }

    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let array = builder.childContainer(inSlot: builder.slot(forKey: key.stringValue), isMap: false)
        return MessagePackUnkeyedEncodingContainer(encoder: encoder, builder: array)
    }

    /// An encoder for the value under `"super"`; an empty map if nothing is encoded into it.
    func superEncoder() -> any Encoder {
        MessagePackValueEncoder(encoder: encoder, builder: builder, slot: builder.slot(forKey: IndexCodingKey.super.stringValue))
    }

    /// An encoder for the value under `key`; an empty map if nothing is encoded into it.
    func superEncoder(forKey key: Key) -> any Encoder {
        MessagePackValueEncoder(encoder: encoder, builder: builder, slot: builder.slot(forKey: key.stringValue))
    }
}
