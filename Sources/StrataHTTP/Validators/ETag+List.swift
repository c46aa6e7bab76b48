/// The value of `If-Match` or `If-None-Match`: `*` or a list of entity-tags (RFC 9110 §13.1.1–2).
///
/// ```swift
/// let list = ETagList.parse("\"a\", W/\"b\"")
/// list?.containsWeakMatch(for: ETag("b"))     // true  (If-None-Match: weak comparison)
/// list?.containsStrongMatch(for: ETag("b"))   // false (If-Match: strong comparison)
/// ```
package enum ETagList: Sendable, Hashable {
    /// `*`: matches any current representation.
    case any
    /// An explicit list of entity-tags, in field order.
    case tags([ETag])

    /// Parses an `If-Match` / `If-None-Match` field value, or returns `nil` if malformed.
    ///
    /// `*` alone (with optional OWS) is `.any`. Otherwise the value is a comma list
    /// (RFC 9110 §5.6.1) whose empty elements and OWS are skipped; any malformed member,
    /// a `*` mixed with tags, or a list with no entity-tag at all makes it `nil`.
    /// Entity-tags may contain commas (`"a,b"` is one tag), so the list is scanned,
    /// not split.
    package static func parse(_ fieldValue: String) -> ETagList? {
        var scanner = HTTPFieldScanner(fieldValue)
        scanner.skipOWS()
        if scanner.consume(UInt8(ascii: "*")) {
            scanner.skipOWS()
            return scanner.isAtEnd ? .any : nil
        }
        var tags: [ETag] = []
        while true {
            scanner.skipOWS()
            if scanner.isAtEnd { break }
            if scanner.consume(HTTPFieldScanner.comma) { continue }
            guard let tag = ETag.scan(&scanner), scanner.isAtElementEnd() else { return nil }
            tags.append(tag)
        }
        // An empty value names no validator; treating it as malformed lets callers
        // ignore the field rather than evaluate a condition nobody stated.
        return tags.isEmpty ? nil : .tags(tags)
    }

    /// Whether `.any`, or some listed tag matches `etag` strongly (the `If-Match` test, RFC 9110 §13.1.1).
    package func containsStrongMatch(for etag: ETag) -> Bool {
        switch self {
        case .any: true
        case .tags(let tags): tags.contains { $0.matchesStrongly(etag) }
        }
    }

    /// Whether `.any`, or some listed tag matches `etag` weakly (the `If-None-Match` test, RFC 9110 §13.1.2).
    package func containsWeakMatch(for etag: ETag) -> Bool {
        switch self {
        case .any: true
        case .tags(let tags): tags.contains { $0.matchesWeakly(etag) }
        }
    }

    /// The field value form: `*` or the tags joined with `", "`.
    package var headerValue: String {
        switch self {
        case .any: "*"
        case .tags(let tags): tags.map(\.headerValue).joined(separator: ", ")
        }
    }
}
