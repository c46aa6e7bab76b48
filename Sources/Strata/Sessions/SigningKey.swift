import StrataHTTP

/// A secret that signs session cookies with HMAC-SHA256: at least 32 random bytes, kept out of
/// the source — from an environment variable or a secrets file.
///
/// ```swift
/// // openssl rand -base64 32
/// let key = SigningKey(base64: "dGhpcyBpcyBub3QgYSByZWFsIGtleSwgbWFrZSB5b3VyIG93bg==")
/// ```
public struct SigningKey: Sendable {
    let bytes: [UInt8]

    /// A key of `bytes`; fewer than 32 is a build error of the app that uses it.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The key that standard or URL-safe base64 `text` encodes (padding optional), or `nil`
    /// when it is not base64.
    public init?(base64 text: String) {
        var text = Substring(text)
        while text.hasSuffix("=") { text.removeLast() }
        let urlSafe = String(text.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
        guard let bytes = Base64URL.decode(urlSafe) else { return nil }
        self.bytes = bytes
    }

    /// 32 bytes from the system's random source: for tests and for apps whose sessions may
    /// end when the process does.
    public static func random() -> SigningKey {
        SigningKey(SessionIDs.randomBytes(32))
    }

    /// The fewest bytes a key may have: the length of the MAC (RFC 2104 §3).
    public static let minimumLength = 32
}
