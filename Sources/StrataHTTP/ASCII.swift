/// Small ASCII helpers on UTF-8 bytes; HTTP's grammar is ASCII, so none needs Unicode.
enum ASCII {
    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte | 0x20 : byte
    }

    /// Equal ignoring ASCII case, comparing UTF-8 bytes.
    static func caseInsensitiveEquals(_ lhs: String, _ rhs: String) -> Bool {
        let (l, r) = (lhs.utf8, rhs.utf8)
        guard l.count == r.count else { return false }
        for (a, b) in zip(l, r) where a != b {
            if lowercased(a) != lowercased(b) { return false }
        }
        return true
    }

    /// `string` with ASCII letters lowercased, other characters untouched.
    static func lowercased(_ string: String) -> String {
        guard string.utf8.contains(where: { $0 &- 0x41 < 26 }) else { return string }
        return String(decoding: string.utf8.map(lowercased), as: UTF8.self)
    }
}
