import FoundationEssentials

/// Evaluates the RFC 9110 §13 preconditions of a request, in the order of §13.2.2.
///
/// ```swift
/// let headers: HTTPHeaders = ["If-None-Match": "W/\"v7\""]
/// ConditionalRequest.evaluate(method: .get, headers: headers, status: .ok,
///                             etag: ETag("v7"), lastModified: nil)   // .notModified
/// ```
///
/// `If-Range` is step 5 of that order and lives in ``IfRange``.
package enum ConditionalRequest {
    /// What the preconditions decide.
    package enum Outcome: Sendable, Equatable {
        /// Every precondition holds (or none applies): handle the request normally.
        case proceed
        /// Send 304 Not Modified, with ``notModifiedHeaders(from:)``.
        case notModified
        /// Send 412 Precondition Failed.
        case preconditionFailed
    }

    /// Evaluates `If-Match`, `If-Unmodified-Since`, `If-None-Match` and `If-Modified-Since`.
    ///
    /// `status` is the status the response would have without conditions; preconditions
    /// apply only when it is 2xx and are otherwise ignored (`.proceed`, RFC 9110 §13.2.1).
    /// A 2xx status means a current representation exists, so `*` matches it. The steps:
    /// 1. `If-Match`: `.preconditionFailed` unless `*`, or a listed tag matches `etag`
    ///    strongly. A malformed value matches nothing.
    /// 2. Otherwise `If-Unmodified-Since`: `.preconditionFailed` if `lastModified` is later.
    /// 3. `If-None-Match`: a weak match (or `*`) gives `.notModified` for GET and HEAD,
    ///    `.preconditionFailed` for other methods. A malformed value matches nothing.
    /// 4. Otherwise, for GET and HEAD, `If-Modified-Since`: `.notModified` unless
    ///    `lastModified` is later.
    ///
    /// Repeated `If-Match` / `If-None-Match` fields combine into one list (§5.3). Dates are
    /// compared in whole seconds; an invalid date, or a validator the resource does not
    /// have, makes the date conditions ignored. `equivalentTags` are other tags of the same
    /// state of the resource (its compressed representations'), which `If-Match` and
    /// `If-None-Match` accept as they accept `etag`.
    package static func evaluate(
        method: HTTPMethod, headers: HTTPHeaders, status: HTTPStatus, etag: ETag?, lastModified: Date?, equivalentTags: [ETag] = []
    ) -> Outcome {
        // RFC 9110 §13.2.1: preconditions are ignored unless the response would be 2xx.
        guard status.isSuccess else { return .proceed }
        return evaluate(method: method, headers: headers, etag: etag, lastModified: lastModified,
                        representationExists: true, equivalentTags: equivalentTags)
    }

    /// Evaluates the preconditions for a request whose unconditional response is 2xx, stating whether the target has a current representation.
    ///
    /// Use it when a 2xx response does not imply a representation exists, e.g. a PUT that
    /// would create the resource: there `If-None-Match: *` must let the request proceed
    /// (create-only) and `If-Match: *` must fail (update-only), RFC 9110 §13.1.1–2.
    package static func evaluate(
        method: HTTPMethod, headers: HTTPHeaders, etag: ETag?, lastModified: Date?, representationExists: Bool,
        equivalentTags: [ETag] = []
    ) -> Outcome {
        let isGetOrHead = method == .get || method == .head

        // Step 1 / step 2 (RFC 9110 §13.2.2): If-Unmodified-Since counts only without If-Match.
        if let ifMatch = entityTagList(in: headers, named: "If-Match") {
            // RFC 9110 §13.1.1: If-Match uses the strong comparison.
            guard let list = ifMatch,
                  matches(list, etag: etag, representationExists: representationExists, strong: true)
                    || equivalentTags.contains(where: { matches(list, etag: $0, representationExists: representationExists, strong: true) })
            else { return .preconditionFailed }
        } else if let since = date(in: headers, named: "If-Unmodified-Since"), let lastModified,
                  wholeSeconds(lastModified) > wholeSeconds(since) {
            // RFC 9110 §13.1.4: ignored when the resource has no modification date.
            return .preconditionFailed
        }

        // Step 3 / step 4: If-Modified-Since counts only without If-None-Match (§13.1.3).
        if let ifNoneMatch = entityTagList(in: headers, named: "If-None-Match") {
            // RFC 9110 §13.1.2: If-None-Match uses the weak comparison.
            if let list = ifNoneMatch,
               matches(list, etag: etag, representationExists: representationExists, strong: false)
                || equivalentTags.contains(where: { matches(list, etag: $0, representationExists: representationExists, strong: false) }) {
                return isGetOrHead ? .notModified : .preconditionFailed
            }
        } else if isGetOrHead, let since = date(in: headers, named: "If-Modified-Since"), let lastModified,
                  wholeSeconds(lastModified) <= wholeSeconds(since) {
            return .notModified
        }
        return .proceed
    }

    /// The fields a 304 response keeps from the 200 it stands for (RFC 9110 §15.4.5), in order.
    ///
    /// Keeps `Cache-Control`, `Content-Location`, `Date`, `ETag`, `Expires`, `Vary`,
    /// `Last-Modified` only when there is no `ETag`, and `Set-Cookie`, so that a state
    /// change made while answering the request is not lost.
    package static func notModifiedHeaders(from headers: HTTPHeaders) -> HTTPHeaders {
        let hasETag = headers.contains("ETag")
        var kept = HTTPHeaders()
        for field in headers {
            let keep: Bool
            if HTTPHeaders.namesEqual(field.name, "Last-Modified") {
                // RFC 9110 §15.4.5: Last-Modified is only useful when there is no ETag.
                keep = !hasETag
            } else {
                keep = notModifiedFieldNames.contains { HTTPHeaders.namesEqual(field.name, $0) }
            }
            if keep { kept.add(field.name, field.value) }
        }
        return kept
    }

    private static let notModifiedFieldNames = [
        "Cache-Control", "Content-Location", "Date", "ETag", "Expires", "Vary", "Set-Cookie",
    ]

    /// `nil` when the field is absent; `.some(nil)` when present but malformed.
    private static func entityTagList(in headers: HTTPHeaders, named name: String) -> ETagList?? {
        let values = headers.values(for: name)
        guard !values.isEmpty else { return nil }
        // RFC 9110 §5.3: repeated list fields mean the same as one joined with commas.
        return .some(ETagList.parse(values.joined(separator: ", ")))
    }

    private static func matches(_ list: ETagList, etag: ETag?, representationExists: Bool, strong: Bool) -> Bool {
        switch list {
        case .any:
            return representationExists
        case .tags:
            guard representationExists, let etag else { return false }
            return strong ? list.containsStrongMatch(for: etag) : list.containsWeakMatch(for: etag)
        }
    }

    /// The date in a singleton date field, or `nil` if absent, invalid, or sent more than once with different values.
    private static func date(in headers: HTTPHeaders, named name: String) -> Date? {
        let values = headers.values(for: name)
        // An HTTP-date holds a comma, so repeated fields cannot be combined (§5.3);
        // exact duplicates, as some intermediaries produce, are harmless.
        guard let first = values.first, values.allSatisfy({ $0 == first }) else { return nil }
        return parseDate(first)
    }

    /// An HTTP-date with surrounding OWS tolerated, or `nil`.
    static func parseDate(_ value: String) -> Date? {
        let bytes = value.utf8
        let isOWS: (UInt8) -> Bool = { $0 == HTTPFieldScanner.space || $0 == HTTPFieldScanner.tab }
        guard let start = bytes.firstIndex(where: { !isOWS($0) }),
              let end = bytes.lastIndex(where: { !isOWS($0) })
        else { return nil }
        return HTTPDate.parse(String(decoding: bytes[start...end], as: UTF8.self))
    }

    /// `date` truncated to the whole second it lies in: an HTTP-date has no finer resolution.
    static func wholeSeconds(_ date: Date) -> Double {
        date.timeIntervalSince1970.rounded(.down)
    }
}
