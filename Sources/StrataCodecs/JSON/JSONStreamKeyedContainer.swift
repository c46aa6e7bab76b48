/// A JSON object being written: each `encode` appends one member to the buffer.
///
/// `id` names the frame this container writes to; once that frame is closed (a parent was
/// written to) every write throws. `id == -1` marks a container that could not be opened.
struct JSONStreamKeyedContainer<Key: CodingKey>: NilWritingKeyedContainer {
    let state: JSONStreamState
    let depth: Int
    let id: Int
    private var writer: UnsafeMutablePointer<JSONStreamWriter> { state.writer }

    var codingPath: [any CodingKey] { writer.pointee.codingPath(depth: depth) }

    /// Starts the member and writes `value` after its key.
    @inline(__always)
    private func member<T: Encodable>(_ value: T, _ key: Key) throws {
        let rollback = try writer.pointee.beginMember(depth: depth, id: id, key: key.stringValue)
        // Kept so that `codingPath` inside the value's `encode(to:)` or in an error is right;
        // strings, booleans and integers never ask, unless a type encoder replaces them.
        if state.hasTypeEncoders || !JSONStreamState.isPathless(T.self) {
            writer.pointee.frames[depth].currentKey = key
        }
        do {
            try state.encodeValue(value, depth: depth + 1)
        } catch {
            writer.pointee.abandonValue(depth: depth, id: id, restoringTo: rollback, isMember: true)
            throw error
        }
    }

    func encodeNil(forKey key: Key) throws {
        try writer.pointee.beginMember(depth: depth, id: id, key: key.stringValue)
        writer.pointee.writeNull()
    }

    // Each concrete overload specializes `encodeValue`, which folds to the one writer it needs.
    func encode(_ value: Bool, forKey key: Key) throws { try member(value, key) }
    func encode(_ value: String, forKey key: Key) throws { try member(value, key) }
    func encode(_ value: Double, forKey key: Key) throws { try member(value, key) }
    func encode(_ value: Float, forKey key: Key) throws { try member(value, key) }
    func encode(_ value: Int, forKey key: Key) throws { try member(value, key) }
    func encode(_ value: Int8, forKey key: Key) throws { try member(value, key) }
    func encode(_ value: Int16, forKey key: Key) throws { try member(value, key) }
    func encode(_ value: Int32, forKey key: Key) throws { try member(value, key) }
    func encode(_ value: Int64, forKey key: Key) throws { try member(value, key) }
    func encode(_ value: Int128, forKey key: Key) throws { try member(value, key) }
    func encode(_ value: UInt, forKey key: Key) throws { try member(value, key) }
    func encode(_ value: UInt8, forKey key: Key) throws { try member(value, key) }
    func encode(_ value: UInt16, forKey key: Key) throws { try member(value, key) }
    func encode(_ value: UInt32, forKey key: Key) throws { try member(value, key) }
    func encode(_ value: UInt64, forKey key: Key) throws { try member(value, key) }
    func encode(_ value: UInt128, forKey key: Key) throws { try member(value, key) }
    func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try member(value, key) }

    /// `encodeIfPresent` comes from ``NilWritingKeyedContainer``.
    var writesNilOptionals: Bool { state.writesNull }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nestedID = openNested(forKey: key, isObject: true)
        return KeyedEncodingContainer(JSONStreamKeyedContainer<NestedKey>(state: state, depth: depth + 1, id: nestedID))
    }

    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        JSONStreamUnkeyedContainer(state: state, depth: depth + 1, id: openNested(forKey: key, isObject: false))
    }

    func superEncoder() -> any Encoder {
        superEncoder(key: JSONStreamKey(stringValue: "super"))
    }

    func superEncoder(forKey key: Key) -> any Encoder {
        superEncoder(key: key)
    }

    /// Starts a member and opens its container now (Foundation writes `{}`/`[]` for one left
    /// empty too). These entry points cannot throw, so a failure is thrown when encoding ends.
    private func openNested(forKey key: Key, isObject: Bool) -> Int {
        do {
            try writer.pointee.beginMember(depth: depth, id: id, key: key.stringValue)
        } catch {
            writer.pointee.record(error)
            return -1
        }
        writer.pointee.frames[depth].currentKey = key
        return writer.pointee.openNestedFrame(depth: depth + 1, isObject: isObject)
    }

    /// Writes the key now and hands out an encoder for its value, which must be used before
    /// this container is written to again. If it writes nothing, the value is `{}`.
    private func superEncoder(key: some CodingKey) -> any Encoder {
        do {
            try writer.pointee.beginMember(depth: depth, id: id, key: key.stringValue)
        } catch {
            writer.pointee.record(error)
            return JSONStreamEncoder(state: state, depth: depth + 1, start: -1)
        }
        writer.pointee.frames[depth].currentKey = key
        let start = writer.pointee.beginPendingValue(depth: depth)
        return JSONStreamEncoder(state: state, depth: depth + 1, start: start)
    }
}
