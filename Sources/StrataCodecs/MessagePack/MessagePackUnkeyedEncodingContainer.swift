/// Writes an unkeyed container as a MessagePack array.
struct MessagePackUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let encoder: MessagePackEncoder
    let builder: MessagePackNodeBuilder

    var codingPath: [any CodingKey] { builder.codingPath }
    var count: Int { builder.values.count }

    /// Named apart from `encode(_:)` so the concrete overloads below cannot recurse into
    /// themselves.
    private func append<T: Encodable>(_ value: T) throws {
        try encoder.encode(value, into: builder, slot: builder.appendSlot())
    }

    func encodeNil() throws { builder.values.append(.nil) }
    func encode(_ value: Bool) throws { try append(value) }
    func encode(_ value: String) throws { try append(value) }
    func encode(_ value: Double) throws { try append(value) }
    func encode(_ value: Float) throws { try append(value) }
    func encode(_ value: Int) throws { try append(value) }
    func encode(_ value: Int8) throws { try append(value) }
    func encode(_ value: Int16) throws { try append(value) }
    func encode(_ value: Int32) throws { try append(value) }
    func encode(_ value: Int64) throws { try append(value) }
    func encode(_ value: UInt) throws { try append(value) }
    func encode(_ value: UInt8) throws { try append(value) }
    func encode(_ value: UInt16) throws { try append(value) }
    func encode(_ value: UInt32) throws { try append(value) }
    func encode(_ value: UInt64) throws { try append(value) }
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    func encode(_ value: Int128) throws { try append(value) }
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    func encode(_ value: UInt128) throws { try append(value) }
    func encode<T: Encodable>(_ value: T) throws { try append(value) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let map = builder.childContainer(inSlot: builder.appendSlot(), isMap: true)
        return KeyedEncodingContainer(MessagePackKeyedEncodingContainer<NestedKey>(encoder: encoder, builder: map))
    }

    func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let array = builder.childContainer(inSlot: builder.appendSlot(), isMap: false)
        return MessagePackUnkeyedEncodingContainer(encoder: encoder, builder: array)
    }

    /// An encoder for the next element; an empty map if nothing is encoded into it.
    func superEncoder() -> any Encoder {
        MessagePackValueEncoder(encoder: encoder, builder: builder, slot: builder.appendSlot())
    }
}
