/// A byte cursor over one field value, for the RFC 9110 §5.6 building blocks:
/// OWS, tokens, quoted-strings and comma lists.
///
/// Works on UTF-8 bytes because the grammar is defined on octets; non-ASCII bytes only
/// ever appear as `obs-text` and are copied through untouched, so every string it
/// returns is valid UTF-8 again.
struct HTTPFieldScanner {
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let doubleQuote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let comma = UInt8(ascii: ",")

    let bytes: [UInt8]
    var index: Int

    init(_ string: some StringProtocol) {
        self.bytes = Array(string.utf8)
        self.index = 0
    }

    var isAtEnd: Bool { index >= bytes.count }

    /// The current byte, or `nil` at the end.
    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    /// RFC 9110 §5.6.3: OWS = *( SP / HTAB ).
    mutating func skipOWS() {
        while index < bytes.count, bytes[index] == Self.space || bytes[index] == Self.tab {
            index += 1
        }
    }

    /// Consumes `byte` if it is next.
    mutating func consume(_ byte: UInt8) -> Bool {
        guard current == byte else { return false }
        index += 1
        return true
    }

    /// Consumes the exact ASCII `literal` (case-sensitive) if it is next.
    mutating func consume(literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - index >= count else { return false }
        let matches = literal.withUTF8Buffer { buffer in
            buffer.indices.allSatisfy { buffer[$0] == bytes[index + $0] }
        }
        if matches { index += count }
        return matches
    }

    /// Reads a non-empty RFC 9110 §5.6.2 token, or returns `nil` without moving.
    mutating func readToken() -> String? {
        let start = index
        while index < bytes.count, HTTPToken.isTokenCharacter(bytes[index]) {
            index += 1
        }
        guard index > start else { return nil }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// Reads an RFC 9110 §5.6.4 quoted-string starting at a DQUOTE and returns its
    /// content with quoted-pairs unescaped; `nil` if unterminated or it holds a CTL.
    mutating func readQuotedString() -> String? {
        guard current == Self.doubleQuote else { return nil }
        var position = index + 1
        var content: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            if byte == Self.doubleQuote {
                index = position + 1
                return String(decoding: content, as: UTF8.self)
            }
            if byte == Self.backslash {
                // quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
                position += 1
                guard position < bytes.count, Self.isQuotedPairCharacter(bytes[position]) else { return nil }
                content.append(bytes[position])
            } else {
                guard Self.isQuotedTextCharacter(byte) else { return nil }
                content.append(byte)
            }
            position += 1
        }
        return nil
    }

    /// Reads `token / quoted-string`, the value form of parameters and cache directives.
    mutating func readTokenOrQuotedString() -> (value: String, quoted: Bool)? {
        if current == Self.doubleQuote {
            return readQuotedString().map { ($0, true) }
        }
        return readToken().map { ($0, false) }
    }

    /// After an element, accepts only OWS then a comma or the end (RFC 9110 §5.6.1).
    mutating func isAtElementEnd() -> Bool {
        skipOWS()
        return isAtEnd || current == Self.comma
    }

    /// Skips the rest of a malformed list element, stopping at the next comma that is
    /// not inside a quoted-string, so one bad member does not spoil the others.
    mutating func skipToNextElement() {
        var inQuotes = false
        while index < bytes.count {
            let byte = bytes[index]
            if inQuotes {
                if byte == Self.backslash {
                    index += 1
                } else if byte == Self.doubleQuote {
                    inQuotes = false
                }
            } else if byte == Self.doubleQuote {
                inQuotes = true
            } else if byte == Self.comma {
                return
            }
            index += 1
        }
    }

    /// RFC 9110 §5.6.4: qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text.
    static func isQuotedTextCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case tab, space, 0x21, 0x23...0x5B, 0x5D...0x7E, 0x80...0xFF: true
        default: false
        }
    }

    /// RFC 9110 §5.6.4: the escaped octet of a quoted-pair (HTAB / SP / VCHAR / obs-text).
    static func isQuotedPairCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case tab, 0x20...0x7E, 0x80...0xFF: true
        default: false
        }
    }
}
