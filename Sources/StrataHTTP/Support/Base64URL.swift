/// The URL- and cookie-safe base64 alphabet of RFC 4648 §5, without padding: what signed
/// cookies and session ids are written in (every character is a cookie-octet and a URL
/// unreserved character).
package enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// `bytes` encoded, without `=` padding.
    package static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index + 3 <= bytes.count {
            let word = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            output += [alphabet[Int(word >> 18 & 63)], alphabet[Int(word >> 12 & 63)], alphabet[Int(word >> 6 & 63)], alphabet[Int(word & 63)]]
            index += 3
        }
        switch bytes.count - index {
        case 1:
            let word = UInt32(bytes[index]) << 16
            output += [alphabet[Int(word >> 18 & 63)], alphabet[Int(word >> 12 & 63)]]
        case 2:
            let word = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
            output += [alphabet[Int(word >> 18 & 63)], alphabet[Int(word >> 12 & 63)], alphabet[Int(word >> 6 & 63)]]
        default:
            break
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The bytes `text` encodes; `nil` for a character outside the alphabet, padding, or a
    /// length no encoding has (one more than a multiple of four) or with stray low bits.
    package static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count * 3 / 4)
        var word: UInt32 = 0
        var count = 0
        for byte in text.utf8 {
            guard let value = Self.value(of: byte) else { return nil }
            word = word << 6 | UInt32(value)
            count += 1
            if count == 4 {
                output += [UInt8(word >> 16 & 0xFF), UInt8(word >> 8 & 0xFF), UInt8(word & 0xFF)]
                word = 0
                count = 0
            }
        }
        switch count {
        case 0: break
        case 2:
            guard word & 0xF == 0 else { return nil }
            output.append(UInt8(word >> 4 & 0xFF))
        case 3:
            guard word & 0x3 == 0 else { return nil }
            output += [UInt8(word >> 10 & 0xFF), UInt8(word >> 2 & 0xFF)]
        default:
            return nil
        }
        return output
    }

    private static func value(of byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "-"): return 62
        case UInt8(ascii: "_"): return 63
        default: return nil
        }
    }
}
