/// Small ASCII helpers on UTF-8 bytes; HTTP's grammar is ASCII, so none needs Unicode.
enum ASCII {
    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte | 0x20 : byte
    }

    /// Equal ignoring ASCII case, comparing UTF-8 bytes.
    ///
    /// Header lookups call this for every field they pass, so it reads both strings' bytes in
    /// place when it can, instead of iterating two UTF-8 views in step.
    @inline(__always)
    static func caseInsensitiveEquals(_ lhs: String, _ rhs: String) -> Bool {
        let (l, r) = (lhs.utf8, rhs.utf8)
        guard l.count == r.count else { return false }
        let fast = l.withContiguousStorageIfAvailable { left in
            r.withContiguousStorageIfAvailable { right in equal(left, right) }
        }
        if let result = fast ?? nil { return result }
        for (a, b) in zip(l, r) where a != b {
            if lowercased(a) != lowercased(b) { return false }
        }
        return true
    }

    @inline(__always)
    private static func equal(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        for index in 0..<left.count {
            let (a, b) = (left[index], right[index])
            if a != b && lowercased(a) != lowercased(b) { return false }
        }
        return true
    }

    /// `string` with ASCII letters lowercased, other characters untouched.
    static func lowercased(_ string: String) -> String {
        guard string.utf8.contains(where: { $0 &- 0x41 < 26 }) else { return string }
        return String(decoding: string.utf8.map(lowercased), as: UTF8.self)
    }
}
