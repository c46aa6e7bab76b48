/// Percent-encoding and -decoding of URL components (RFC 3986 §2.1, WHATWG URL §1.3).
///
/// ```swift
/// PercentEncoding.decode("caf%C3%A9+au+lait", plusAsSpace: true)  // "café au lait"
/// PercentEncoding.encode("a/b c", allowing: .pathSegment)         // "a%2Fb%20c"
/// ```
package enum PercentEncoding {
    /// Decodes `%XX` sequences leniently, as the WHATWG URL standard does.
    ///
    /// A `%` not followed by two hex digits is kept literally, and bytes that do not form
    /// valid UTF-8 become U+FFFD. With `plusAsSpace`, `+` becomes a space first, so `%2B`
    /// still decodes to `+` (application/x-www-form-urlencoded).
    package static func decode(_ s: some StringProtocol, plusAsSpace: Bool = false) -> String {
        let utf8 = s.utf8
        // Fast path: most path segments and form values need no decoding at all.
        let needsWork = utf8.contains { $0 == percent || (plusAsSpace && $0 == plus) }
        guard needsWork else { return String(s) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            utf8.formIndex(after: &index)
            if byte == percent, let decoded = hexPair(utf8, at: index) {
                bytes.append(decoded)
                utf8.formIndex(after: &index)
                utf8.formIndex(after: &index)
            } else if plusAsSpace && byte == plus {
                bytes.append(space)
            } else {
                // WHATWG URL §1.3 percent-decode: a `%` without two hex digits stays as is.
                bytes.append(byte)
            }
        }
        // WHATWG "UTF-8 decode without BOM": each maximal invalid subpart becomes U+FFFD,
        // exactly what `String(decoding:as:)` does.
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Decodes `%XX` sequences, or returns `nil` for a malformed `%` or bytes that are not UTF-8.
    ///
    /// Use it where a bad escape must be rejected (an HTTP 400) rather than repaired.
    /// `+` is left as it is.
    package static func decodeStrict(_ s: some StringProtocol) -> String? {
        let utf8 = s.utf8
        guard utf8.contains(percent) else { return String(s) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            utf8.formIndex(after: &index)
            if byte == percent {
                guard let decoded = hexPair(utf8, at: index) else { return nil }
                bytes.append(decoded)
                utf8.formIndex(after: &index)
                utf8.formIndex(after: &index)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Percent-encodes every UTF-8 byte of `s` that `allowing` does not contain, as `%XX`.
    ///
    /// Hex digits are uppercase (RFC 3986 §2.1: "should use uppercase"). `%` itself is
    /// always encoded. With ``AllowedCharacters/formURLEncoded`` a space becomes `+`.
    package static func encode(_ s: String, allowing: AllowedCharacters) -> String {
        let utf8 = s.utf8
        guard utf8.contains(where: { !allowing.contains($0) }) else { return s }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            if allowing.contains(byte) {
                bytes.append(byte)
            } else if byte == space && allowing.spaceAsPlus {
                bytes.append(plus)
            } else {
                bytes.append(percent)
                bytes.append(upperHexDigits[Int(byte >> 4)])
                bytes.append(upperHexDigits[Int(byte & 0x0F)])
            }
        }
        // Only ASCII bytes were written, so this is valid UTF-8.
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let percent = UInt8(ascii: "%")
    private static let plus = UInt8(ascii: "+")
    private static let space = UInt8(ascii: " ")
    private static let upperHexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// The byte that the two hex digits at `index` spell, or `nil` if there are not two.
    private static func hexPair<C: Collection<UInt8>>(_ utf8: C, at index: C.Index) -> UInt8? {
        guard index != utf8.endIndex, let high = hexValue(utf8[index]) else { return nil }
        let next = utf8.index(after: index)
        guard next != utf8.endIndex, let low = hexValue(utf8[next]) else { return nil }
        return high << 4 | low
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
