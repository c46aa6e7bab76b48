/// Writes RFC 9110 §5.6.4 quoted-strings, the serializing half of `HTTPFieldScanner`.
enum HTTPQuotedString {
    /// `value` wrapped in DQUOTEs, with `"` and `\` escaped as quoted-pairs.
    ///
    /// Control characters other than HTAB have no representation in a quoted-string
    /// (not even as a quoted-pair), so they are dropped: a value must never be able to
    /// end the header line it is written into.
    static func quote(_ value: some StringProtocol) -> String {
        var bytes: [UInt8] = [HTTPFieldScanner.doubleQuote]
        bytes.reserveCapacity(value.utf8.count + 2)
        for byte in value.utf8 {
            if byte == HTTPFieldScanner.doubleQuote || byte == HTTPFieldScanner.backslash {
                bytes.append(HTTPFieldScanner.backslash)
                bytes.append(byte)
            } else if HTTPFieldScanner.isQuotedTextCharacter(byte) {
                bytes.append(byte)
            }
        }
        bytes.append(HTTPFieldScanner.doubleQuote)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `value` as-is when it is a token, otherwise quoted: RFC 9110 §5.6.6 lets a
    /// parameter value take either form, and the token form is the conventional one.
    static func tokenOrQuoted(_ value: String) -> String {
        HTTPToken.isValid(value) ? value : quote(value)
    }
}
