/// Why a ``Cookie`` cannot be sent: a part of it breaks the RFC 6265 §4.1.1 grammar.
///
/// Its description names the cookie and the offending character, e.g.
/// `cookie "a b": name contains " " (0x20), which RFC 6265 does not allow in a token`.
public struct CookieError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Which part of the cookie is invalid.
    public enum Reason: Sendable, Hashable {
        /// The name is empty or not an RFC 9110 token.
        case invalidName
        /// The value has a byte outside cookie-octets, or a stray DQUOTE.
        case invalidValue
        /// The path is empty, does not start with `/`, or has a CTL, `;` or non-ASCII byte.
        case invalidPath
        /// The domain is empty or has a byte other than letters, digits, `-` and `.`.
        case invalidDomain
    }

    /// The name of the invalid cookie, as given (it may itself be the invalid part).
    public let cookieName: String
    /// Which part of the cookie is invalid.
    public let reason: Reason
    /// The first character that broke the grammar, or `nil` when the part is wrong as a whole
    /// (empty, or a path without its leading `/`).
    public let character: Unicode.Scalar?

    /// An error for `cookieName`; `character` is the first offending one, if any.
    public init(cookieName: String, reason: Reason, character: Unicode.Scalar? = nil) {
        self.cookieName = cookieName
        self.reason = reason
        self.character = character
    }

    public var description: String {
        let subject = "cookie \(Self.quoted(cookieName))"
        guard let character else {
            switch reason {
            case .invalidName: return "\(subject): name is empty, but RFC 6265 requires a token"
            case .invalidValue: return "\(subject): value is not valid cookie-octets"
            case .invalidPath: return "\(subject): path must start with \"/\" (RFC 6265 §5.2.4)"
            case .invalidDomain: return "\(subject): domain is empty"
            }
        }
        let shown = "\(Self.quoted(String(Character(character)))) (\(Self.code(character)))"
        switch reason {
        case .invalidName:
            return "\(subject): name contains \(shown), which RFC 6265 does not allow in a token"
        case .invalidValue:
            return "\(subject): value contains \(shown), which RFC 6265 does not allow in cookie-octets"
        case .invalidPath:
            return "\(subject): path contains \(shown), which RFC 6265 does not allow in a path"
        case .invalidDomain:
            return "\(subject): domain contains \(shown); only letters, digits, \"-\" and \".\" are allowed"
        }
    }

    /// `text` in double quotes with controls, quotes and backslashes escaped, so a CR or LF
    /// in a cookie name can never split a log line.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\r": result += "\\r"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\0": result += "\\0"
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// `0x20` for ASCII, `U+00E9` beyond it.
    static func code(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        if scalar.isASCII { return "0x" + String(repeating: "0", count: max(0, 2 - hex.count)) + hex }
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
