/// RFC 9110 §5.6.2 tokens: the grammar of method names, field names and parameter names.
package enum HTTPToken {
    /// Whether `byte` is a `tchar`: `!#$%&'*+-.^_`|~`, digits and letters.
    @inline(__always)
    package static func isTokenCharacter(_ byte: UInt8) -> Bool {
        // Two 64-bit masks of the ASCII tchars: no table behind a lazy global, whose
        // once-check every call would pay.
        byte < 64 ? (lowMask >> UInt64(byte)) & 1 == 1 : byte < 128 && (highMask >> UInt64(byte - 64)) & 1 == 1
    }

    private static let lowMask: UInt64 = 0x3ff6cfa00000000
    private static let highMask: UInt64 = 0x57ffffffc7fffffe

    /// Whether `string` is a non-empty token.
    package static func isValid(_ string: some StringProtocol) -> Bool {
        var utf8 = string.utf8.makeIterator()
        guard let first = utf8.next(), isTokenCharacter(first) else { return false }
        while let byte = utf8.next() {
            guard isTokenCharacter(byte) else { return false }
        }
        return true
    }
}
