import FoundationEssentials

/// Evaluates the `If-Range` request field (RFC 9110 §13.1.5): may a Range be honoured?
///
/// ```swift
/// IfRange.allowsPartial("\"v7\"", etag: ETag("v7"), lastModified: nil)               // true
/// IfRange.allowsPartial("W/\"v7\"", etag: ETag("v7", weak: true), lastModified: nil) // false
/// ```
package enum IfRange {
    /// Whether `fieldValue` still validates the representation, so a partial response may be sent.
    ///
    /// `false` means: ignore the Range field and send the whole representation with 200.
    /// - An entity-tag must match `etag` by strong comparison; weak tags on either side
    ///   never match (RFC 9110 §13.1.5, §8.8.3.2).
    /// - An HTTP-date must equal `lastModified` exactly, compared in whole seconds since
    ///   that is all an HTTP-date can carry.
    /// - A malformed value, or one naming a validator the resource does not have, is `false`.
    ///
    /// RFC 9110 §13.1.5 also treats a date as weak unless `Last-Modified` is at least a second
    /// older than the response's `Date`; callers that serve files written within the last
    /// second may pass `lastModified: nil` to refuse date-based ranges for them.
    package static func allowsPartial(_ fieldValue: String, etag: ETag?, lastModified: Date?) -> Bool {
        if let tag = ETag.parse(fieldValue) {
            guard let etag else { return false }
            return tag.matchesStrongly(etag)
        }
        guard let date = ConditionalRequest.parseDate(fieldValue), let lastModified else { return false }
        return ConditionalRequest.wholeSeconds(lastModified) == ConditionalRequest.wholeSeconds(date)
    }
}
