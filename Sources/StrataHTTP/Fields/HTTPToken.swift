/// RFC 9110 §5.6.2 tokens: the grammar of method names, field names and parameter names.
package enum HTTPToken {
    /// Whether `byte` is a `tchar`: `!#$%&'*+-.^_`|~`, digits and letters.
    @inline(__always)
    package static func isTokenCharacter(_ byte: UInt8) -> Bool {
        tcharTable[Int(byte)]
    }

    /// Whether `string` is a non-empty token.
    package static func isValid(_ string: some StringProtocol) -> Bool {
        var utf8 = string.utf8.makeIterator()
        guard let first = utf8.next(), isTokenCharacter(first) else { return false }
        while let byte = utf8.next() {
            guard isTokenCharacter(byte) else { return false }
        }
        return true
    }

    private static let tcharTable: [Bool] = (0..<256).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(UInt8(byte))
        }
    }
}
