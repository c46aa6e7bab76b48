/// An entity-tag validator, strong (`"abc"`) or weak (`W/"abc"`) (RFC 9110 §8.8.3).
///
/// ```swift
/// ETag("v7").headerValue               // "\"v7\""
/// ETag("v7", weak: true).headerValue   // "W/\"v7\""
/// ETag.parse("W/\"v7\"")?.isWeak       // true
/// ```
/// Equality and comparison are octet-by-octet, as RFC 9110 §8.8.3.2 requires, not
/// Swift's Unicode-canonical `String` equality.
public struct ETag: Sendable, Hashable {
    /// The opaque-tag without its surrounding quotes or `W/` prefix.
    public var opaqueTag: String
    /// Whether this is a weak validator (`W/` prefix).
    public var isWeak: Bool

    /// An entity-tag; `opaqueTag` is stored as given: call `validate()` when it is
    /// not known to contain only `etagc` octets.
    public init(_ opaqueTag: String, weak: Bool = false) {
        self.opaqueTag = opaqueTag
        self.isWeak = weak
    }

    /// The field value form: `"abc"` or `W/"abc"`.
    public var headerValue: String {
        isWeak ? "W/\"\(opaqueTag)\"" : "\"\(opaqueTag)\""
    }

    /// Throws unless every octet of `opaqueTag` is an `etagc`.
    ///
    /// RFC 9110 §8.8.3: `etagc = %x21 / %x23-7E / obs-text`, so no DQUOTE, space or
    /// control character. An empty opaque-tag (`""`) is valid.
    public func validate() throws(ETagError) {
        for (offset, byte) in opaqueTag.utf8.enumerated() where !Self.isEntityTagCharacter(byte) {
            throw ETagError.invalidCharacter(byte: byte, offset: offset)
        }
    }

    /// Parses one entity-tag with optional surrounding OWS, or returns `nil`.
    ///
    /// The weak prefix is case-sensitive: `w/"x"` is malformed (RFC 9110 §8.8.3: `%s"W/"`).
    public static func parse(_ value: String) -> ETag? {
        var scanner = HTTPFieldScanner(value)
        scanner.skipOWS()
        guard let tag = scan(&scanner) else { return nil }
        scanner.skipOWS()
        return scanner.isAtEnd ? tag : nil
    }

    /// Both are strong and their opaque-tags are identical (RFC 9110 §8.8.3.2).
    public func matchesStrongly(_ other: ETag) -> Bool {
        !isWeak && !other.isWeak && sameOpaqueTag(as: other)
    }

    /// Their opaque-tags are identical, whether or not either is weak (RFC 9110 §8.8.3.2).
    public func matchesWeakly(_ other: ETag) -> Bool {
        sameOpaqueTag(as: other)
    }

    /// Same weakness and octet-identical opaque-tag.
    public static func == (lhs: ETag, rhs: ETag) -> Bool {
        lhs.isWeak == rhs.isWeak && lhs.sameOpaqueTag(as: rhs)
    }

    /// Hashes the weakness and the opaque-tag's octets, consistent with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(isWeak)
        hasher.combine(opaqueTag.utf8.count)
        for byte in opaqueTag.utf8 {
            hasher.combine(byte)
        }
    }

    // RFC 9110 §8.8.3.2 compares opaque-tags character by character; Swift's `==` would
    // also equate canonically-equivalent Unicode, so compare the octets.
    private func sameOpaqueTag(as other: ETag) -> Bool {
        opaqueTag.utf8.elementsEqual(other.opaqueTag.utf8)
    }

    /// Scans `[ W/ ] DQUOTE *etagc DQUOTE` at the cursor, leaving it unmoved on failure.
    static func scan(_ scanner: inout HTTPFieldScanner) -> ETag? {
        let start = scanner.index
        let weak = scanner.consume(literal: "W/")
        guard scanner.consume(HTTPFieldScanner.doubleQuote) else {
            scanner.index = start
            return nil
        }
        let tagStart = scanner.index
        while let byte = scanner.current, isEntityTagCharacter(byte) {
            scanner.index += 1
        }
        let tagEnd = scanner.index
        guard scanner.consume(HTTPFieldScanner.doubleQuote) else {
            scanner.index = start
            return nil
        }
        return ETag(String(decoding: scanner.bytes[tagStart..<tagEnd], as: UTF8.self), weak: weak)
    }

    /// RFC 9110 §8.8.3: etagc = %x21 / %x23-7E / obs-text.
    static func isEntityTagCharacter(_ byte: UInt8) -> Bool {
        byte == 0x21 || (0x23...0x7E).contains(byte) || byte >= 0x80
    }
}

/// Why an entity-tag cannot be sent.
public enum ETagError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The opaque-tag holds an octet outside `etagc` at this UTF-8 offset.
    case invalidCharacter(byte: UInt8, offset: Int)

    /// Names the offending byte, its offset and the allowed ranges.
    public var description: String {
        switch self {
        case let .invalidCharacter(byte, offset):
            let hex = String(byte, radix: 16, uppercase: true)
            let name: String = switch byte {
            case 0x22: " (DQUOTE)"
            case 0x20: " (space)"
            case 0x00..<0x20, 0x7F: " (control character)"
            default: ""
            }
            return "ETag opaque-tag has invalid byte 0x\(hex.count == 1 ? "0" + hex : hex)\(name) at offset \(offset); "
                + "RFC 9110 §8.8.3 allows only %x21 / %x23-7E / %x80-FF"
        }
    }
}
