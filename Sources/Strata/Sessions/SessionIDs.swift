import StrataHTTP

/// Server-side session ids: 256 bits from the system's random source (`getrandom(2)`), so an
/// id cannot be guessed or predicted from others.
enum SessionIDs {
    /// A new id: 43 URL-safe base64 characters.
    static func make() -> String {
        Base64URL.encode(randomBytes(32))
    }

    /// Whether `text` has the form of an id — checked before a store is asked.
    static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == 43 && Base64URL.decode(text) != nil
    }

    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 7)
        while bytes.count < count {
            withUnsafeBytes(of: generator.next() as UInt64) { bytes += $0 }
        }
        return Array(bytes.prefix(count))
    }
}
