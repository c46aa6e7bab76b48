extension PercentEncoding {
    /// The ASCII bytes that ``PercentEncoding/encode(_:allowing:)`` writes unescaped.
    ///
    /// Bytes outside the set, every non-ASCII byte and `%` are written as `%XX`.
    /// ```swift
    /// let set = PercentEncoding.AllowedCharacters(unreservedAnd: "/")
    /// PercentEncoding.encode("a/b?c", allowing: set)  // "a/b%3Fc"
    /// ```
    package struct AllowedCharacters: Sendable, Hashable {
        // A 128-bit membership bitmap over ASCII, split into two words.
        private var low: UInt64 = 0
        private var high: UInt64 = 0
        /// Whether a space is written as `+` instead of `%20` (form encoding).
        package let spaceAsPlus: Bool

        /// RFC 3986 §2.3 unreserved characters (`A-Z a-z 0-9 - . _ ~`) plus the ASCII in `extra`.
        ///
        /// `%` in `extra` is ignored: it must always be encoded or decoding would be ambiguous.
        package init(unreservedAnd extra: String = "", spaceAsPlus: Bool = false) {
            self.init(alphanumericsAnd: "-._~" + extra, spaceAsPlus: spaceAsPlus)
        }

        /// ASCII letters and digits plus the ASCII in `extra`.
        ///
        /// `%` in `extra` is ignored, as in ``init(unreservedAnd:spaceAsPlus:)``.
        package init(alphanumericsAnd extra: String, spaceAsPlus: Bool = false) {
            self.spaceAsPlus = spaceAsPlus
            for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { insert(byte) }
            for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { insert(byte) }
            for byte in UInt8(ascii: "a")...UInt8(ascii: "z") { insert(byte) }
            for byte in extra.utf8 where byte < 0x80 && byte != UInt8(ascii: "%") { insert(byte) }
        }

        /// Whether `byte` is written as it is.
        @inline(__always)
        package func contains(_ byte: UInt8) -> Bool {
            if byte < 64 { return low & (1 << UInt64(byte)) != 0 }
            if byte < 128 { return high & (1 << UInt64(byte - 64)) != 0 }
            return false
        }

        private mutating func insert(_ byte: UInt8) {
            if byte < 64 { low |= 1 << UInt64(byte) } else { high |= 1 << UInt64(byte - 64) }
        }

        /// One path segment: RFC 3986 §3.3 `pchar` (unreserved, sub-delims, `:` and `@`).
        ///
        /// `/` is encoded because it would split the segment; `?` and `#` because they end the path.
        package static let pathSegment = AllowedCharacters(unreservedAnd: "!$&'()*+,;=:@")

        /// A name or value inside a query: RFC 3986 §3.4 `query` minus `& = + #`.
        ///
        /// `&` and `=` would split pairs, `+` reads as a space in form decoding, and `#`
        /// starts the fragment, so all four are encoded; `/`, `?`, `:` and `@` are kept.
        package static let query = AllowedCharacters(unreservedAnd: "!$'()*,;:@/?")

        /// The WHATWG application/x-www-form-urlencoded set: letters, digits and `*-._`.
        ///
        /// A space becomes `+` (WHATWG URL §5.2, urlencoded serializing); `~` is encoded.
        package static let formURLEncoded = AllowedCharacters(alphanumericsAnd: "*-._", spaceAsPlus: true)
    }
}
