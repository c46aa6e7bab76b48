/// Builds `Content-Disposition` response headers (RFC 6266) with RFC 8187 `filename*`.
///
/// ```swift
/// ContentDisposition.header(.attachment, filename: "report.pdf")
/// // attachment; filename="report.pdf"
/// ContentDisposition.header(.attachment, filename: "€ rates.txt")
/// // attachment; filename="_ rates.txt"; filename*=UTF-8''%E2%82%AC%20rates.txt
/// ```
public enum ContentDisposition {
    /// The disposition type: save the body as a file, or show it in the page.
    public enum Kind: String, Sendable, CaseIterable {
        /// `attachment`: the user agent offers to save the body (RFC 6266 §4.2).
        case attachment
        /// `inline`: the user agent displays the body itself (RFC 6266 §4.2).
        case inline
    }

    /// The field value for `kind`, with `filename` as a safe download name when given.
    ///
    /// The name is cleaned first: control characters (C0, DEL, C1) and bidirectional
    /// formatting characters are dropped, and `/` and `\` become `_`, because a
    /// download name is never a path. If nothing is left, no parameter is written.
    ///
    /// `filename` is always written, as an ASCII quoted-string in which every
    /// non-ASCII character (grapheme) becomes `_` and `"` is escaped. `filename*`
    /// (RFC 8187 `UTF-8''…`) follows it only when that fallback cannot carry the name
    /// exactly: the name has non-ASCII characters or a `"`.
    /// ```swift
    /// ContentDisposition.header(.inline, filename: nil)           // inline
    /// ContentDisposition.header(.attachment, filename: "a/b.txt") // attachment; filename="a_b.txt"
    /// ```
    package static func header(_ kind: Kind, filename: String?) -> String {
        guard let filename else { return kind.rawValue }
        let name = sanitizedFileName(filename)
        guard !name.isEmpty else { return kind.rawValue }
        // RFC 6266 §4.3: `filename` comes before `filename*` so that user agents which
        // do not know `filename*` still find a usable name, and those that do prefer it.
        var result = kind.rawValue + "; filename=" + HTTPQuotedString.quote(asciiFallback(name))
        if needsExtendedParameter(name) {
            result += "; filename*=UTF-8''"
            result += PercentEncoding.encode(name, allowing: attributeCharacters)
        }
        return result
    }

    /// RFC 8187 §3.2.1 `attr-char`: what an ext-value may carry without `%XX`.
    static let attributeCharacters = PercentEncoding.AllowedCharacters(alphanumericsAnd: "!#$&+-.^_`|~")

    /// `name` without control or bidi-formatting characters and with path separators as `_`.
    static func sanitizedFileName(_ name: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            switch scalar.value {
            case 0x00...0x1F, 0x7F...0x9F:
                // C0, DEL and C1 controls: CR/LF would end the header line, and none
                // belongs in a file name (RFC 9110 §5.5 forbids CTLs in field values).
                continue
            case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
                // Bidi controls let "invoice\u{202E}fdp.exe" display as "invoiceexe.pdf".
                continue
            case 0x2F, 0x5C:
                // RFC 6266 §4.3: recipients must not use directory information; do not send any.
                result.append("_")
            default:
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// The ASCII-only stand-in for `name`: each non-ASCII character becomes one `_`.
    ///
    /// Works per Character, so "ü" written as `u` + combining diaeresis, or a
    /// multi-scalar emoji, is a single `_`, as a reader would count it.
    static func asciiFallback(_ name: String) -> String {
        var result = ""
        result.reserveCapacity(name.utf8.count)
        for character in name {
            result.append(character.isASCII ? character : "_")
        }
        return result
    }

    /// Whether `filename` alone would not carry `name` exactly.
    ///
    /// True for non-ASCII, and for `"`: RFC 6266 Appendix D notes that some user agents
    /// do not unescape quoted-pairs, so the exact name goes in `filename*` as well.
    static func needsExtendedParameter(_ name: String) -> Bool {
        name.utf8.contains { $0 >= 0x80 || $0 == UInt8(ascii: "\"") }
    }
}
