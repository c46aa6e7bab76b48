/// The `Encoder` handed to each value's `encode(to:)`: a position in the shared state.
///
/// Three words, so it fits an existential's inline buffer and passing it allocates nothing.
struct JSONStreamEncoder: Encoder {
    let state: JSONStreamState
    /// The nesting level the value's container would have.
    let depth: Int
    /// The buffer offset where this value starts; `-1` for an encoder that could not be made.
    let start: Int
    private var writer: UnsafeMutablePointer<JSONStreamWriter> { state.writer }

    var codingPath: [any CodingKey] { writer.pointee.codingPath(depth: depth) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let id = writer.pointee.openFrame(depth: depth, ownerStart: start, isObject: true)
        return KeyedEncodingContainer(JSONStreamKeyedContainer<Key>(state: state, depth: depth, id: id))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let id = writer.pointee.openFrame(depth: depth, ownerStart: start, isObject: false)
        return JSONStreamUnkeyedContainer(state: state, depth: depth, id: id)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONStreamSingleValueContainer(state: state, depth: depth, start: start)
    }
}

/// Writes the one value of a `JSONStreamEncoder`; a second value throws.
struct JSONStreamSingleValueContainer: SingleValueEncodingContainer {
    let state: JSONStreamState
    let depth: Int
    let start: Int
    private var writer: UnsafeMutablePointer<JSONStreamWriter> { state.writer }

    var codingPath: [any CodingKey] { writer.pointee.codingPath(depth: depth) }

    /// Throws unless nothing was written since the encoder was made: no value yet, and the
    /// parent container not written to since (which would put this value in the wrong place).
    @inline(__always)
    private func claim(_ value: Any) throws {
        guard writer.pointee.buffer.count == start, writer.pointee.frames.count == depth else {
            if start < 0, let deferred = writer.pointee.deferredError { throw deferred }
            throw EncodingError.invalidValue(value, EncodingError.Context(
                codingPath: codingPath,
                debugDescription: "A single value container can encode one value, and only before its parent container is written to again."
            ))
        }
    }

    func encodeNil() throws {
        try claim(Optional<Int>.none as Any)
        writer.pointee.writeNull()
    }

    // Each concrete overload specializes `encodeValue`, which folds to the one writer it needs.
    func encode(_ value: Bool) throws { try claim(value); try state.encodeValue(value, depth: depth) }
    func encode(_ value: String) throws { try claim(value); try state.encodeValue(value, depth: depth) }
    func encode(_ value: Double) throws { try claim(value); try state.encodeValue(value, depth: depth) }
    func encode(_ value: Float) throws { try claim(value); try state.encodeValue(value, depth: depth) }
    func encode(_ value: Int) throws { try claim(value); try state.encodeValue(value, depth: depth) }
    func encode(_ value: Int8) throws { try claim(value); try state.encodeValue(value, depth: depth) }
    func encode(_ value: Int16) throws { try claim(value); try state.encodeValue(value, depth: depth) }
    func encode(_ value: Int32) throws { try claim(value); try state.encodeValue(value, depth: depth) }
    func encode(_ value: Int64) throws { try claim(value); try state.encodeValue(value, depth: depth) }
    func encode(_ value: Int128) throws { try claim(value); try state.encodeValue(value, depth: depth) }
    func encode(_ value: UInt) throws { try claim(value); try state.encodeValue(value, depth: depth) }
    func encode(_ value: UInt8) throws { try claim(value); try state.encodeValue(value, depth: depth) }
    func encode(_ value: UInt16) throws { try claim(value); try state.encodeValue(value, depth: depth) }
    func encode(_ value: UInt32) throws { try claim(value); try state.encodeValue(value, depth: depth) }
    func encode(_ value: UInt64) throws { try claim(value); try state.encodeValue(value, depth: depth) }
    func encode(_ value: UInt128) throws { try claim(value); try state.encodeValue(value, depth: depth) }

    func encode<T: Encodable>(_ value: T) throws {
        try claim(value)
        try state.encodeValue(value, depth: depth)
    }
}
