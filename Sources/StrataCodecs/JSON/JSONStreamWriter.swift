/// The output buffer and the stack of open containers of one ``JSONValueEncoder`` call.
///
/// Codable never says when a container is finished, so the open containers form a stack:
/// writing into a container closes every container opened after it (their closing brackets
/// are written then), and whatever is still open when a value's `encode(to:)` returns is
/// closed after it. A container addressed after it was closed throws instead of producing
/// broken JSON. Index `i` of `frames` is the JSON nesting level of that container, which is
/// also the indentation level when pretty-printing.
///
/// A struct whose mutating methods never call user code: ``JSONStreamState`` keeps it behind
/// a pointer, so the hot path pays no dynamic exclusivity checks (a class's stored `var`s
/// would cost two runtime calls per access, more than the writing itself).
struct JSONStreamWriter {
    /// One open container.
    struct Frame {
        /// Unique for the whole encode call, so a container can tell it is still the open one.
        let id: Int
        /// The buffer offset at which the encoder that opened it started its value; asking the
        /// same encoder for the same kind of container again returns this one (Foundation does too).
        let ownerStart: Int
        let isObject: Bool
        /// Where this object's keys start in `keys` (and `memberOffsets` when sorting).
        let keyBase: Int
        /// Members or elements written so far.
        var count = 0
        /// The key of the member being written, kept only when code we call may ask for `codingPath`.
        var currentKey: (any CodingKey)?
        /// The offset where a `superEncoder()` value starts; `{}` is written there if it stays empty.
        var pendingValueStart = -1
        /// Built once an object has many keys, so duplicate detection stays linear.
        var keySet: Set<String>?
    }

    var buffer: [UInt8] = []
    let prettyPrinted: Bool
    let sortedKeys: Bool

    var frames: [Frame] = []
    /// The keys of every open object, innermost last; popped when the object closes.
    var keys: [String] = []
    /// With `sortedKeys`: per key, the offsets of its separator and of its member text.
    var memberOffsets: [(separator: Int, member: Int)] = []
    /// The first error from a non-throwing Codable entry point, thrown when encoding ends.
    var deferredError: EncodingError?
    private var lastFrameID = 0

    /// Above this many keys, an object checks duplicates with a `Set` instead of a scan.
    private static let linearKeyScanLimit = 16

    init(prettyPrinted: Bool, sortedKeys: Bool) {
        self.prettyPrinted = prettyPrinted
        self.sortedKeys = sortedKeys
        // One allocation each up front instead of several as a typical response grows them.
        frames.reserveCapacity(8)
        keys.reserveCapacity(16)
    }

    // MARK: Opening and closing containers

    /// Opens a container for the encoder whose value starts at `ownerStart`, or returns `-1`.
    ///
    /// Returns the id of the container the same encoder already opened, if it asks again.
    mutating func openFrame(depth: Int, ownerStart: Int, isObject: Bool) -> Int {
        if depth < frames.count, frames[depth].ownerStart == ownerStart {
            if frames[depth].isObject == isObject { return frames[depth].id }
            let (asked, had) = isObject ? ("a keyed", "an unkeyed") : ("an unkeyed", "a keyed")
            deferError("Requested \(asked) container from an encoder that already returned \(had) one.", depth: depth)
            return -1
        }
        // Unchanged buffer length means nothing was written since the encoder was made, so
        // the encoder is still current and every container above its parent is closed.
        guard ownerStart == buffer.count, frames.count == depth else {
            if ownerStart >= 0 {
                deferError("Requested a container from an encoder that already encoded a value, "
                    + "or whose parent container was written to since.", depth: depth)
            }
            return -1
        }
        lastFrameID += 1
        frames.append(Frame(id: lastFrameID, ownerStart: ownerStart, isObject: isObject, keyBase: keys.count))
        buffer.append(isObject ? UInt8(ascii: "{") : UInt8(ascii: "["))
        return lastFrameID
    }

    /// Opens a container as the value of the member or element just begun at `depth - 1`.
    mutating func openNestedFrame(depth: Int, isObject: Bool) -> Int {
        openFrame(depth: depth, ownerStart: buffer.count, isObject: isObject)
    }

    /// Marks the value of the member or element just begun in container `depth` as written
    /// later by a `superEncoder()`, and returns where it starts.
    mutating func beginPendingValue(depth: Int) -> Int {
        frames[depth].pendingValueStart = buffer.count
        return buffer.count
    }

    /// Closes what a value's `encode(to:)` left open; a value that wrote nothing becomes `{}`.
    @inline(__always)
    mutating func finishValue(depth: Int, start: Int) {
        if frames.count > depth { closeFrames(downTo: depth) }
        // Foundation also writes an empty object for a value that encodes nothing.
        if buffer.count == start { appendLiteral("{}") }
    }

    /// Closes the containers at `level` and above, innermost first.
    mutating func closeFrames(downTo level: Int) {
        while frames.count > level { closeTopFrame() }
    }

    private mutating func closeTopFrame() {
        let depth = frames.count - 1
        settlePendingValue(depth)
        let frame = frames.removeLast()
        if frame.isObject {
            if sortedKeys && frame.count > 1 { sortMembers(of: frame, depth: depth) }
            keys.removeSubrange(frame.keyBase...)
            if sortedKeys { memberOffsets.removeSubrange(frame.keyBase...) }
        }
        if prettyPrinted && frame.count > 0 { writeNewline(indent: depth) }
        buffer.append(frame.isObject ? UInt8(ascii: "}") : UInt8(ascii: "]"))
    }

    /// Writes `{}` for a `superEncoder()` of this container that was never written to.
    @inline(__always)
    private mutating func settlePendingValue(_ depth: Int) {
        let pending = frames[depth].pendingValueStart
        guard pending >= 0 else { return }
        if pending == buffer.count { appendLiteral("{}") }
        frames[depth].pendingValueStart = -1
    }

    /// Reorders a finished object's members by key, in place at the end of the buffer.
    ///
    /// Keys compare by their UTF-8 bytes (code point order), which is deterministic and
    /// locale-free. The members' total length is unchanged, only their order.
    private mutating func sortMembers(of frame: Frame, depth: Int) {
        let base = frame.keyBase
        let memberCount = keys.count - base
        let regionStart = memberOffsets[base].separator
        let region = Array(buffer[regionStart...])
        let order = (0..<memberCount).sorted { keys[base + $0].utf8.lexicographicallyPrecedes(keys[base + $1].utf8) }
        buffer.removeSubrange(regionStart...)
        for (position, member) in order.enumerated() {
            let start = memberOffsets[base + member].member - regionStart
            let end = member + 1 < memberCount ? memberOffsets[base + member + 1].separator - regionStart : region.count
            writeSeparator(first: position == 0, depth: depth)
            buffer.append(contentsOf: region[start..<end])
        }
    }

    // MARK: Starting members and elements

    /// Starts the next member of object `id` at `depth`: closes what was opened after it and
    /// writes the separator, the key and the colon. Throws for a closed container or a repeated key.
    ///
    /// Returns the offset to pass to ``abandonValue(depth:id:restoringTo:isMember:)`` if the value fails.
    @discardableResult
    mutating func beginMember(depth: Int, id: Int, key: String) throws(EncodingError) -> Int {
        try enterFrame(depth: depth, id: id, path: key)
        let base = frames[depth].keyBase
        // Streaming cannot take back a member already written, so a repeated key is an
        // error rather than Foundation's "last one wins" (or worse, a duplicate in the output).
        if keys.count - base < Self.linearKeyScanLimit {
            // Comparing lengths first skips most string comparisons; both are stored counts.
            let length = key.utf8.count
            for index in base..<keys.count where keys[index].utf8.count == length && keys[index] == key {
                throw duplicateKeyError(key, depth: depth)
            }
        } else {
            if frames[depth].keySet == nil { frames[depth].keySet = Set(keys[base...]) }
            guard frames[depth].keySet?.insert(key).inserted ?? true else { throw duplicateKeyError(key, depth: depth) }
        }
        let separatorStart = buffer.count
        writeSeparator(first: frames[depth].count == 0, depth: depth)
        if sortedKeys { memberOffsets.append((separator: separatorStart, member: buffer.count)) }
        keys.append(key)
        frames[depth].count += 1
        writeString(key)
        buffer.append(UInt8(ascii: ":"))
        if prettyPrinted { buffer.append(UInt8(ascii: " ")) }
        return separatorStart
    }

    /// Starts the next element of array `id` at `depth`; returns the offset to roll back to.
    @discardableResult
    mutating func beginElement(depth: Int, id: Int) throws(EncodingError) -> Int {
        try enterFrame(depth: depth, id: id, path: nil)
        let separatorStart = buffer.count
        writeSeparator(first: frames[depth].count == 0, depth: depth)
        frames[depth].count += 1
        return separatorStart
    }

    /// Takes back the member or element just begun in container `depth`, whose value threw.
    ///
    /// Code that catches an encoding error and goes on (`try? container.encode(x, forKey: k)`)
    /// then still gets valid JSON, with the failed member left out as Foundation leaves it out.
    mutating func abandonValue(depth: Int, id: Int, restoringTo offset: Int, isMember: Bool) {
        // Only user code writing into a captured outer container could have closed it meanwhile.
        guard depth < frames.count, frames[depth].id == id else { return }
        // Containers the failed value opened are dropped unwritten, with their keys.
        if frames.count > depth + 1 {
            let nestedKeyBase = frames[depth + 1].keyBase
            frames.removeSubrange((depth + 1)...)
            keys.removeSubrange(nestedKeyBase...)
            if sortedKeys { memberOffsets.removeSubrange(nestedKeyBase...) }
        }
        buffer.removeSubrange(offset...)
        frames[depth].count -= 1
        frames[depth].pendingValueStart = -1
        if isMember, let key = keys.popLast() {
            frames[depth].keySet?.remove(key)
            if sortedKeys { memberOffsets.removeLast() }
        }
    }

    @inline(__always)
    private mutating func enterFrame(depth: Int, id: Int, path key: String?) throws(EncodingError) {
        guard depth < frames.count, frames[depth].id == id else { throw closedContainerError(id: id, key: key) }
        if frames.count > depth + 1 { closeFrames(downTo: depth + 1) }
        settlePendingValue(depth)
    }

    @inline(__always)
    private mutating func writeSeparator(first: Bool, depth: Int) {
        if !first { buffer.append(UInt8(ascii: ",")) }
        if prettyPrinted { writeNewline(indent: depth + 1) }
    }

    private mutating func writeNewline(indent level: Int) {
        buffer.append(UInt8(ascii: "\n"))
        for _ in 0..<(2 * level) { buffer.append(UInt8(ascii: " ")) }
    }
}
