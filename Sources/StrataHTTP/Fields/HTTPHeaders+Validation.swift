/// Why a header field cannot be written.
public struct HTTPHeaderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the field.
    public enum Reason: Sendable, Hashable {
        /// The name is empty or not an RFC 9110 token.
        case invalidName
        /// The value holds CR, LF, NUL or another control character.
        case invalidValue
    }

    /// The field's name as given.
    public let name: String
    /// What is wrong.
    public let reason: Reason
    /// The first offending byte, if one is to blame.
    public let offendingByte: UInt8?

    /// An error for the field `name`.
    public init(name: String, reason: Reason, offendingByte: UInt8?) {
        self.name = name
        self.reason = reason
        self.offendingByte = offendingByte
    }

    /// What is wrong, naming the field and the offending byte, e.g. `header "X" has a value
    /// with a control character (byte 0xD); CR, LF and NUL are never written`.
    public var description: String {
        let byte = offendingByte.map { " (byte 0x\(String($0, radix: 16, uppercase: true)))" } ?? ""
        switch reason {
        case .invalidName:
            return name.isEmpty
                ? "header field has an empty name"
                : "header name \(Self.quoted(name)) is not an RFC 9110 token\(byte)"
        case .invalidValue:
            return "header \(Self.quoted(name)) has a value with a control character\(byte); CR, LF and NUL are never written"
        }
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined() + "\""
    }
}

extension HTTPHeaders {
    /// Throws for the first field whose name is not a token or whose value holds a control
    /// character other than HTAB (RFC 9110 §5.5): such a field would let one header
    /// inject another, so it is never written.
    public func validate() throws(HTTPHeaderError) {
        for field in fields {
            try Self.validate(name: field.name, value: field.value)
        }
    }

    /// Throws if `name` is not a token or `value` holds a control character.
    public static func validate(name: String, value: String) throws(HTTPHeaderError) {
        if name.isEmpty {
            throw HTTPHeaderError(name: name, reason: .invalidName, offendingByte: nil)
        }
        if let bad = firstNonTokenByte(name) {
            throw HTTPHeaderError(name: name, reason: .invalidName, offendingByte: bad)
        }
        if let bad = firstInvalidValueByte(value) {
            throw HTTPHeaderError(name: name, reason: .invalidValue, offendingByte: bad)
        }
    }

    /// The first byte of `name` that may not appear in a token, if any. Every response's own
    /// fields pass here, so native strings are read as one buffer, not through the UTF-8 view.
    @inline(__always)
    static func firstNonTokenByte(_ name: String) -> UInt8? {
        let fast = name.utf8.withContiguousStorageIfAvailable { bytes -> UInt8? in
            for byte in bytes where !HTTPToken.isTokenCharacter(byte) { return byte }
            return nil
        }
        if let fast { return fast }
        return name.utf8.first { !HTTPToken.isTokenCharacter($0) }
    }

    /// The first byte of `value` that may not appear in a field value, if any.
    @inline(__always)
    static func firstInvalidValueByte(_ value: String) -> UInt8? {
        let fast = value.utf8.withContiguousStorageIfAvailable { $0.first(where: isInvalidValueByte) }
        if let fast { return fast }
        return value.utf8.first(where: isInvalidValueByte)
    }

    /// Whether `byte` may not appear in a field value. field-vchar is VCHAR / obs-text, plus
    /// SP and HTAB between them: every byte but the C0 controls (HTAB aside) and DEL.
    @inline(__always)
    static func isInvalidValueByte(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != 0x09) || byte == 0x7F
    }
}
