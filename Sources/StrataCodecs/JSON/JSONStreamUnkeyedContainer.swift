/// A JSON array being written: each `encode` appends one element to the buffer.
///
/// Like ``JSONStreamKeyedContainer``, it throws once its frame is closed, and `id == -1`
/// marks a container that could not be opened.
struct JSONStreamUnkeyedContainer: UnkeyedEncodingContainer {
    let state: JSONStreamState
    let depth: Int
    let id: Int
    private var writer: UnsafeMutablePointer<JSONStreamWriter> { state.writer }

    var codingPath: [any CodingKey] { writer.pointee.codingPath(depth: depth) }

    /// Elements written so far; read from the frame, since two containers may share it.
    var count: Int {
        depth < writer.pointee.frames.count && writer.pointee.frames[depth].id == id ? writer.pointee.frames[depth].count : 0
    }

    @inline(__always)
    private func element<T: Encodable>(_ value: T) throws {
        let rollback = try writer.pointee.beginElement(depth: depth, id: id)
        do {
            try state.encodeValue(value, depth: depth + 1)
        } catch {
            writer.pointee.abandonValue(depth: depth, id: id, restoringTo: rollback, isMember: false)
            throw error
        }
    }

    func encodeNil() throws {
        try writer.pointee.beginElement(depth: depth, id: id)
        writer.pointee.writeNull()
    }

    // Each concrete overload specializes `encodeValue`, which folds to the one writer it needs.
    func encode(_ value: Bool) throws { try element(value) }
    func encode(_ value: String) throws { try element(value) }
    func encode(_ value: Double) throws { try element(value) }
    func encode(_ value: Float) throws { try element(value) }
    func encode(_ value: Int) throws { try element(value) }
    func encode(_ value: Int8) throws { try element(value) }
    func encode(_ value: Int16) throws { try element(value) }
    func encode(_ value: Int32) throws { try element(value) }
    func encode(_ value: Int64) throws { try element(value) }
    func encode(_ value: Int128) throws { try element(value) }
    func encode(_ value: UInt) throws { try element(value) }
    func encode(_ value: UInt8) throws { try element(value) }
    func encode(_ value: UInt16) throws { try element(value) }
    func encode(_ value: UInt32) throws { try element(value) }
    func encode(_ value: UInt64) throws { try element(value) }
    func encode(_ value: UInt128) throws { try element(value) }
    func encode<T: Encodable>(_ value: T) throws { try element(value) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(JSONStreamKeyedContainer<NestedKey>(state: state, depth: depth + 1, id: openNested(isObject: true)))
    }

    func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        JSONStreamUnkeyedContainer(state: state, depth: depth + 1, id: openNested(isObject: false))
    }

    /// An encoder for the next element, which must be used before this array is written to
    /// again; an element it leaves empty is `{}`.
    func superEncoder() -> any Encoder {
        do {
            try writer.pointee.beginElement(depth: depth, id: id)
        } catch {
            writer.pointee.record(error)
            return JSONStreamEncoder(state: state, depth: depth + 1, start: -1)
        }
        let start = writer.pointee.beginPendingValue(depth: depth)
        return JSONStreamEncoder(state: state, depth: depth + 1, start: start)
    }

    /// Starts an element and opens its container now; failures are thrown when encoding ends.
    private func openNested(isObject: Bool) -> Int {
        do {
            try writer.pointee.beginElement(depth: depth, id: id)
        } catch {
            writer.pointee.record(error)
            return -1
        }
        return writer.pointee.openNestedFrame(depth: depth + 1, isObject: isObject)
    }
}
