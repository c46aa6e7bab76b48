/// The `Encoder` handed to `encode(to:)`: it writes one value into one slot of its parent
/// array or map, and is its own single-value container.
///
/// A struct rather than a class: all state lives in the parent builder, so encoding a value
/// costs no allocation beyond the containers it opens.
struct MessagePackValueEncoder: Encoder, SingleValueEncodingContainer {
    let encoder: MessagePackEncoder
    let builder: MessagePackNodeBuilder
    let slot: Int

    var codingPath: [any CodingKey] { builder.codingPath(ofSlot: slot) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let map = builder.childContainer(inSlot: slot, isMap: true)
        return KeyedEncodingContainer(MessagePackKeyedEncodingContainer<Key>(encoder: encoder, builder: map))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array = builder.childContainer(inSlot: slot, isMap: false)
        return MessagePackUnkeyedEncodingContainer(encoder: encoder, builder: array)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    // MARK: SingleValueEncodingContainer

    func encodeNil() throws { builder.values[slot] = .nil }
    func encode(_ value: Bool) throws { try encoder.encode(value, into: builder, slot: slot) }
    func encode(_ value: String) throws { try encoder.encode(value, into: builder, slot: slot) }
    func encode(_ value: Double) throws { try encoder.encode(value, into: builder, slot: slot) }
    func encode(_ value: Float) throws { try encoder.encode(value, into: builder, slot: slot) }
    func encode(_ value: Int) throws { try encoder.encode(value, into: builder, slot: slot) }
    func encode(_ value: Int8) throws { try encoder.encode(value, into: builder, slot: slot) }
    func encode(_ value: Int16) throws { try encoder.encode(value, into: builder, slot: slot) }
    func encode(_ value: Int32) throws { try encoder.encode(value, into: builder, slot: slot) }
    func encode(_ value: Int64) throws { try encoder.encode(value, into: builder, slot: slot) }
    func encode(_ value: UInt) throws { try encoder.encode(value, into: builder, slot: slot) }
    func encode(_ value: UInt8) throws { try encoder.encode(value, into: builder, slot: slot) }
    func encode(_ value: UInt16) throws { try encoder.encode(value, into: builder, slot: slot) }
    func encode(_ value: UInt32) throws { try encoder.encode(value, into: builder, slot: slot) }
    func encode(_ value: UInt64) throws { try encoder.encode(value, into: builder, slot: slot) }
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    func encode(_ value: Int128) throws { try encoder.encode(value, into: builder, slot: slot) }
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    func encode(_ value: UInt128) throws { try encoder.encode(value, into: builder, slot: slot) }
    func encode<T: Encodable>(_ value: T) throws { try encoder.encode(value, into: builder, slot: slot) }
}
