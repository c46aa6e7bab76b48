extension ContentDisposition {
    /// Reads a `Content-Disposition` value: its type (lowercased) and the file name, if any.
    ///
    /// `filename*` (RFC 8187 ext-value in UTF-8 or ISO-8859-1) wins over `filename`, as
    /// RFC 6266 §4.3 asks; an ext-value that cannot be decoded is ignored. The name is
    /// returned as sent, not sanitized. Returns `nil` when the value is not
    /// `token *( ";" token "=" value )`. A repeated parameter keeps its first value.
    /// ```swift
    /// ContentDisposition.parse("attachment; filename=\"a.txt\"; filename*=UTF-8''%E2%82%AC.txt")
    /// // (kind: "attachment", filename: "€.txt")
    /// ```
    package static func parse(_ value: String) -> (kind: String, filename: String?)? {
        parseWithName(value).map { ($0.kind, $0.filename) }
    }

    /// ``parse(_:)`` and the `name` parameter too, which `multipart/form-data` parts carry
    /// (RFC 7578 §4.2).
    package static func parseWithName(_ value: String) -> (kind: String, name: String?, filename: String?)? {
        var fieldName: String?
        var scanner = HTTPFieldScanner(value)
        scanner.skipOWS()
        // RFC 6266 §4.2: the disposition type is a case-insensitive token.
        guard let kind = scanner.readToken() else { return nil }
        var plainName: String?
        var extendedName: String?
        var sawExtended = false
        while true {
            scanner.skipOWS()
            if scanner.isAtEnd { break }
            guard scanner.consume(UInt8(ascii: ";")) else { return nil }
            scanner.skipOWS()
            // Tolerate empty parameters (`;;` or a trailing `;`), as MediaType does.
            if scanner.isAtEnd || scanner.current == UInt8(ascii: ";") { continue }
            guard let name = scanner.readToken() else { return nil }
            // RFC 6266 §4.1 uses RFC 2616 implied *LWS, so whitespace around "=" is allowed.
            scanner.skipOWS()
            guard scanner.consume(UInt8(ascii: "=")) else { return nil }
            scanner.skipOWS()
            // An ext-value is token characters; a quoted one is invalid but common enough to read.
            guard let parameter = scanner.readTokenOrQuotedString() else { return nil }
            switch ASCII.lowercased(name) {
            case "name" where fieldName == nil:
                fieldName = parameter.value
            case "filename" where plainName == nil:
                plainName = parameter.value
            case "filename*" where !sawExtended:
                sawExtended = true
                extendedName = decodeExtendedValue(parameter.value)
            default:
                continue
            }
        }
        return (ASCII.lowercased(kind), fieldName, extendedName ?? plainName)
    }

    /// Decodes an RFC 8187 §3.2.1 ext-value: `charset "'" [ language ] "'" value-chars`.
    ///
    /// Returns `nil` for an unsupported charset, a character outside attr-char, a
    /// broken `%XX` escape, or bytes that are not valid in the charset. UTF-8 must be
    /// supported and ISO-8859-1 may be (§3.2.1); nothing else is.
    static func decodeExtendedValue(_ value: String) -> String? {
        let bytes = Array(value.utf8)
        let quote = UInt8(ascii: "'")
        guard let charsetEnd = bytes.firstIndex(of: quote),
              let languageEnd = bytes[(charsetEnd + 1)...].firstIndex(of: quote)
        else { return nil }
        let charset = ASCII.lowercased(String(decoding: bytes[..<charsetEnd], as: UTF8.self))
        // The language tag only hints at presentation; a file name does not need it.
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count - languageEnd)
        var index = languageEnd + 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.count,
                      let high = hexValue(bytes[index + 1]),
                      let low = hexValue(bytes[index + 2])
                else { return nil }
                decoded.append(high << 4 | low)
                index += 3
            } else {
                guard attributeCharacters.contains(byte) else { return nil }
                decoded.append(byte)
                index += 1
            }
        }
        switch charset {
        case "utf-8":
            return String(validating: decoded, as: UTF8.self)
        case "iso-8859-1":
            // Every ISO-8859-1 byte is the Unicode scalar of the same value.
            var scalars = String.UnicodeScalarView()
            for byte in decoded { scalars.append(Unicode.Scalar(byte)) }
            return String(scalars)
        default:
            return nil
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
