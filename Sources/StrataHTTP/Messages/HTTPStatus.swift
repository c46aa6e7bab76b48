/// An HTTP response status: a three-digit code and its reason phrase (RFC 9110 §15).
///
/// Integer literals work where a status is expected: `status: 418`.
public struct HTTPStatus: Sendable, Hashable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    /// The three-digit code, 100...999.
    public let code: Int
    /// The reason phrase written on the status line, e.g. `Not Found`.
    public let reasonPhrase: String

    /// A status with the standard reason phrase for `code`, or `"Unknown"` if it has none.
    ///
    /// Codes outside 100...999 are clamped into the 5xx range's `500`, because a status
    /// line can only carry three digits (RFC 9112 §4); such a code is a programming error.
    public init(code: Int) {
        let valid = (100...999).contains(code) ? code : 500
        self.init(code: valid, reasonPhrase: Self.standardReasonPhrase(for: valid) ?? "Unknown")
    }

    /// A status with a custom reason phrase. The phrase loses any CR, LF or NUL.
    public init(code: Int, reasonPhrase: String) {
        self.code = (100...999).contains(code) ? code : 500
        // RFC 9112 §4: reason-phrase = *( HTAB / SP / VCHAR / obs-text ); never let a
        // phrase break the status line.
        self.reasonPhrase = String(reasonPhrase.unicodeScalars.filter { $0.value >= 0x20 || $0 == "\t" }.map(Character.init))
    }

    public init(integerLiteral value: Int) {
        self.init(code: value)
    }

    public var description: String { "\(code) \(reasonPhrase)" }

    /// Equality is by code: the phrase is informational only.
    public static func == (lhs: HTTPStatus, rhs: HTTPStatus) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// 1xx.
    public var isInformational: Bool { (100..<200).contains(code) }
    /// 2xx.
    public var isSuccess: Bool { (200..<300).contains(code) }
    /// 3xx.
    public var isRedirection: Bool { (300..<400).contains(code) }
    /// 4xx.
    public var isClientError: Bool { (400..<500).contains(code) }
    /// 5xx.
    public var isServerError: Bool { (500..<600).contains(code) }

    /// Whether a response with this status may carry content: not 1xx, 204 or 304
    /// (RFC 9110 §6.4.1).
    public var allowsContent: Bool { !isInformational && code != 204 && code != 304 }
}
