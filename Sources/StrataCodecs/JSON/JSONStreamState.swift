import FoundationEssentials

/// The state of one ``JSONValueEncoder`` call, shared by its encoders and containers.
///
/// Encoders and containers are structs holding this one reference, so encoding allocates this
/// object, its writer, the writer's arrays and the box the standard library puts around each
/// `KeyedEncodingContainer` — nothing per unkeyed container or single value.
final class JSONStreamState {
    /// The buffer and container stack, behind a pointer that only this object owns.
    ///
    /// Safe because: it is allocated in `init` and freed in `deinit`, and every encoder and
    /// container that reaches it holds this object, so it outlives all of them. The writer's
    /// mutating methods never call user code, so no two accesses to it ever overlap; user code
    /// (`encode(to:)`, type encoders) runs only from this class's methods, between accesses.
    let writer: UnsafeMutablePointer<JSONStreamWriter>
    let typeEncoders: TypeEncoders
    let hasTypeEncoders: Bool
    /// Whether a nil optional member is written as `null` rather than left out.
    let writesNull: Bool

    init(typeEncoders: TypeEncoders, prettyPrinted: Bool, sortedKeys: Bool, writesNull: Bool = false) {
        self.typeEncoders = typeEncoders
        hasTypeEncoders = !typeEncoders.isEmpty
        self.writesNull = writesNull
        writer = .allocate(capacity: 1)
        writer.initialize(to: JSONStreamWriter(prettyPrinted: prettyPrinted, sortedKeys: sortedKeys))
    }

    deinit {
        writer.deinitialize(count: 1)
        writer.deallocate()
    }

    /// Encodes one value at nesting level `depth`, its separator and key already written.
    ///
    /// Order: the type's override in ``TypeEncoders`` (skipped when there are none, and for
    /// the replacement itself so that `Date → Date` cannot recurse), then the JSON primitives,
    /// then the types JSON writes specially, then the value's own `encode(to:)`.
    func encodeValue<T: Encodable>(_ value: T, depth: Int, consultOverrides: Bool = true) throws {
        if consultOverrides && hasTypeEncoders, let replacement = try typeEncoders.replacement(for: value) {
            try encodeReplacement(replacement, depth: depth)
            return
        }
        // Metatype comparisons are pointer compares. This is the path every generic caller takes
        // (`Array.encode(to:)` and friends), so it keeps the primitives off the nested-encoder
        // path; specialized callers fold it to one branch. `unsafeBitCast` is safe here: it only
        // runs once `T` is known to be exactly the target type, so it is an identity conversion
        // (a dynamic `as?` cast would cost a runtime call for the same result).
        if T.self == String.self { writer.pointee.writeString(unsafeBitCast(value, to: String.self)); return }
        if T.self == Int.self { writer.pointee.writeSigned(unsafeBitCast(value, to: Int.self)); return }
        if T.self == Bool.self { writer.pointee.writeBool(unsafeBitCast(value, to: Bool.self)); return }
        if T.self == Double.self { try writer.pointee.writeDouble(unsafeBitCast(value, to: Double.self), depth: depth); return }
        if T.self == Float.self { try writer.pointee.writeFloat(unsafeBitCast(value, to: Float.self), depth: depth); return }
        if T.self == Int64.self { writer.pointee.writeSigned(unsafeBitCast(value, to: Int64.self)); return }
        if T.self == Int32.self { writer.pointee.writeSigned(unsafeBitCast(value, to: Int32.self)); return }
        if T.self == Int16.self { writer.pointee.writeSigned(unsafeBitCast(value, to: Int16.self)); return }
        if T.self == Int8.self { writer.pointee.writeSigned(unsafeBitCast(value, to: Int8.self)); return }
        if T.self == UInt.self { writer.pointee.writeUnsigned(unsafeBitCast(value, to: UInt.self)); return }
        if T.self == UInt64.self { writer.pointee.writeUnsigned(unsafeBitCast(value, to: UInt64.self)); return }
        if T.self == UInt32.self { writer.pointee.writeUnsigned(unsafeBitCast(value, to: UInt32.self)); return }
        if T.self == UInt16.self { writer.pointee.writeUnsigned(unsafeBitCast(value, to: UInt16.self)); return }
        if T.self == UInt8.self { writer.pointee.writeUnsigned(unsafeBitCast(value, to: UInt8.self)); return }
        if T.self == Date.self { try writer.pointee.writeDate(unsafeBitCast(value, to: Date.self), depth: depth); return }
        if T.self == UUID.self { writer.pointee.writeUUID(unsafeBitCast(value, to: UUID.self)); return }
        if T.self == URL.self { writer.pointee.writeString(unsafeBitCast(value, to: URL.self).absoluteString); return }
        if T.self == Data.self { writer.pointee.writeBase64(unsafeBitCast(value, to: Data.self)); return }
        if T.self == Decimal.self { try writer.pointee.writeDecimal(unsafeBitCast(value, to: Decimal.self), depth: depth); return }
        // Their `encode(to:)` calls the single value container's overload, which lands here again.
        if T.self == Int128.self { writer.pointee.writeSigned(unsafeBitCast(value, to: Int128.self)); return }
        if T.self == UInt128.self { writer.pointee.writeUnsigned(unsafeBitCast(value, to: UInt128.self)); return }

        let start = writer.pointee.buffer.count
        try value.encode(to: JSONStreamEncoder(state: self, depth: depth, start: start))
        writer.pointee.finishValue(depth: depth, start: start)
    }

    /// Whether writing a `T` can neither fail nor run code that reads the coding path.
    @inline(__always)
    static func isPathless<T>(_ type: T.Type) -> Bool {
        T.self == String.self || T.self == Int.self || T.self == Bool.self || T.self == Int64.self
            || T.self == Int32.self || T.self == Int16.self || T.self == Int8.self || T.self == UInt.self
            || T.self == UInt64.self || T.self == UInt32.self || T.self == UInt16.self || T.self == UInt8.self
    }

    /// Opens the existential that a type encoder returned and writes it in the value's place.
    private func encodeReplacement(_ replacement: any Encodable, depth: Int) throws {
        try encodeValue(replacement, depth: depth, consultOverrides: false)
    }
}
