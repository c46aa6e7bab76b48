import FoundationEssentials
import Testing
import StrataHTTP

/// One row of the RFC 9110 §13.2.2 precedence table.
struct ConditionalCase: Sendable, CustomTestStringConvertible {
    var name: String
    var method: HTTPMethod = .get
    var headers: [(String, String)]
    var status: HTTPStatus = .ok
    var etag: ETag? = ConditionalCase.currentETag
    var lastModified: Date? = ConditionalCase.modified
    var expected: ConditionalRequest.Outcome

    static let currentETag = ETag("v1")
    static let modified = Date(timeIntervalSince1970: 784_111_777)
    /// One second before `modified`: the resource changed after it.
    static let before = "Sun, 06 Nov 1994 08:49:36 GMT"
    /// Exactly `modified`.
    static let at = "Sun, 06 Nov 1994 08:49:37 GMT"
    /// One second after `modified`.
    static let after = "Sun, 06 Nov 1994 08:49:38 GMT"

    var testDescription: String { name }
}

struct ConditionalRequestTests {
    typealias C = ConditionalCase

    static let cases: [ConditionalCase] = [
        C(name: "no conditions", headers: [], expected: .proceed),

        // Step 1: If-Match, strong comparison.
        C(name: "If-Match current GET", headers: [("If-Match", "\"v1\"")], expected: .proceed),
        C(name: "If-Match current PUT", method: .put, headers: [("If-Match", "\"v1\"")], expected: .proceed),
        C(name: "If-Match stale PUT", method: .put, headers: [("If-Match", "\"v2\"")], expected: .preconditionFailed),
        C(name: "If-Match stale GET", headers: [("If-Match", "\"v2\"")], expected: .preconditionFailed),
        C(name: "If-Match weak tag never matches", method: .put, headers: [("If-Match", "W/\"v1\"")],
          expected: .preconditionFailed),
        C(name: "If-Match against weak current", method: .put, headers: [("If-Match", "\"v1\"")],
          etag: ETag("v1", weak: true), expected: .preconditionFailed),
        C(name: "If-Match list contains current", method: .put, headers: [("If-Match", "\"v0\", \"v1\"")],
          expected: .proceed),
        C(name: "If-Match split over two fields", method: .put, headers: [("If-Match", "\"v0\""), ("If-Match", "\"v1\"")],
          expected: .proceed),
        C(name: "If-Match * with representation", method: .put, headers: [("If-Match", "*")], expected: .proceed),
        C(name: "If-Match * without ETag", method: .put, headers: [("If-Match", "*")], etag: nil, expected: .proceed),
        C(name: "If-Match without current ETag", method: .put, headers: [("If-Match", "\"v1\"")], etag: nil,
          expected: .preconditionFailed),
        C(name: "If-Match malformed", method: .put, headers: [("If-Match", "v1")], expected: .preconditionFailed),
        C(name: "If-Match * mixed with tags", method: .put, headers: [("If-Match", "*"), ("If-Match", "\"v1\"")],
          expected: .preconditionFailed),
        C(name: "If-Match name is case-insensitive", method: .put, headers: [("if-match", "\"v2\"")],
          expected: .preconditionFailed),

        // Step 2: If-Unmodified-Since, only without If-Match.
        C(name: "If-Unmodified-Since modified since PUT", method: .put, headers: [("If-Unmodified-Since", C.before)],
          expected: .preconditionFailed),
        C(name: "If-Unmodified-Since modified since GET", headers: [("If-Unmodified-Since", C.before)],
          expected: .preconditionFailed),
        C(name: "If-Unmodified-Since equal", method: .put, headers: [("If-Unmodified-Since", C.at)], expected: .proceed),
        C(name: "If-Unmodified-Since later", method: .put, headers: [("If-Unmodified-Since", C.after)], expected: .proceed),
        C(name: "If-Unmodified-Since fraction ignored", method: .put, headers: [("If-Unmodified-Since", C.at)],
          lastModified: Date(timeIntervalSince1970: 784_111_777.9), expected: .proceed),
        C(name: "If-Unmodified-Since invalid date", method: .put, headers: [("If-Unmodified-Since", "yesterday")],
          expected: .proceed),
        C(name: "If-Unmodified-Since without Last-Modified", method: .put, headers: [("If-Unmodified-Since", C.before)],
          lastModified: nil, expected: .proceed),
        C(name: "If-Unmodified-Since repeated with different dates", method: .put,
          headers: [("If-Unmodified-Since", C.before), ("If-Unmodified-Since", C.after)], expected: .proceed),
        C(name: "If-Unmodified-Since repeated identically", method: .put,
          headers: [("If-Unmodified-Since", C.before), ("If-Unmodified-Since", C.before)], expected: .preconditionFailed),
        C(name: "If-Match true overrides If-Unmodified-Since", method: .put,
          headers: [("If-Match", "\"v1\""), ("If-Unmodified-Since", C.before)], expected: .proceed),
        C(name: "If-Match false with If-Unmodified-Since true", method: .put,
          headers: [("If-Match", "\"v2\""), ("If-Unmodified-Since", C.after)], expected: .preconditionFailed),

        // Step 3: If-None-Match, weak comparison.
        C(name: "If-None-Match current GET", headers: [("If-None-Match", "\"v1\"")], expected: .notModified),
        C(name: "If-None-Match current HEAD", method: .head, headers: [("If-None-Match", "\"v1\"")], expected: .notModified),
        C(name: "If-None-Match current POST", method: .post, headers: [("If-None-Match", "\"v1\"")],
          expected: .preconditionFailed),
        C(name: "If-None-Match current PUT", method: .put, headers: [("If-None-Match", "\"v1\"")],
          expected: .preconditionFailed),
        C(name: "If-None-Match weak tag matches", headers: [("If-None-Match", "W/\"v1\"")], expected: .notModified),
        C(name: "If-None-Match against weak current", headers: [("If-None-Match", "\"v1\"")],
          etag: ETag("v1", weak: true), expected: .notModified),
        C(name: "If-None-Match stale GET", headers: [("If-None-Match", "\"v2\"")], expected: .proceed),
        C(name: "If-None-Match stale PUT", method: .put, headers: [("If-None-Match", "\"v2\"")], expected: .proceed),
        C(name: "If-None-Match * GET", headers: [("If-None-Match", "*")], expected: .notModified),
        C(name: "If-None-Match * PUT", method: .put, headers: [("If-None-Match", "*")], expected: .preconditionFailed),
        C(name: "If-None-Match * without ETag", headers: [("If-None-Match", "*")], etag: nil, expected: .notModified),
        C(name: "If-None-Match without current ETag", headers: [("If-None-Match", "\"v1\"")], etag: nil,
          expected: .proceed),
        C(name: "If-None-Match split over two fields", headers: [("If-None-Match", "\"v0\""), ("If-None-Match", "W/\"v1\"")],
          expected: .notModified),
        C(name: "If-None-Match malformed", headers: [("If-None-Match", "v1")], expected: .proceed),
        C(name: "If-None-Match lowercase name", headers: [("if-none-match", "\"v1\"")], expected: .notModified),

        // Step 4: If-Modified-Since, GET and HEAD only, only without If-None-Match.
        C(name: "If-Modified-Since equal GET", headers: [("If-Modified-Since", C.at)], expected: .notModified),
        C(name: "If-Modified-Since later GET", headers: [("If-Modified-Since", C.after)], expected: .notModified),
        C(name: "If-Modified-Since equal HEAD", method: .head, headers: [("If-Modified-Since", C.at)], expected: .notModified),
        C(name: "If-Modified-Since modified since", headers: [("If-Modified-Since", C.before)], expected: .proceed),
        C(name: "If-Modified-Since POST ignored", method: .post, headers: [("If-Modified-Since", C.at)], expected: .proceed),
        C(name: "If-Modified-Since PUT ignored", method: .put, headers: [("If-Modified-Since", C.after)], expected: .proceed),
        C(name: "If-Modified-Since invalid date", headers: [("If-Modified-Since", "Sun, 06 Nov 1994")], expected: .proceed),
        C(name: "If-Modified-Since with OWS", headers: [("If-Modified-Since", " \(C.at) ")], expected: .notModified),
        C(name: "If-Modified-Since RFC 850 form", headers: [("If-Modified-Since", "Sunday, 06-Nov-94 08:49:37 GMT")],
          expected: .notModified),
        C(name: "If-Modified-Since without Last-Modified", headers: [("If-Modified-Since", C.after)], lastModified: nil,
          expected: .proceed),
        C(name: "If-Modified-Since fraction ignored", headers: [("If-Modified-Since", C.at)],
          lastModified: Date(timeIntervalSince1970: 784_111_777.9), expected: .notModified),
        C(name: "If-Modified-Since repeated with different dates",
          headers: [("If-Modified-Since", C.at), ("If-Modified-Since", C.after)], expected: .proceed),
        C(name: "If-None-Match stale overrides If-Modified-Since",
          headers: [("If-None-Match", "\"v2\""), ("If-Modified-Since", C.after)], expected: .proceed),
        C(name: "If-None-Match malformed still overrides If-Modified-Since",
          headers: [("If-None-Match", "v1"), ("If-Modified-Since", C.after)], expected: .proceed),
        C(name: "If-None-Match match wins over If-Modified-Since",
          headers: [("If-None-Match", "\"v1\""), ("If-Modified-Since", C.before)], expected: .notModified),

        // Steps combined.
        C(name: "If-Match and If-None-Match both current GET",
          headers: [("If-Match", "\"v1\""), ("If-None-Match", "\"v1\"")], expected: .notModified),
        C(name: "If-Match and If-None-Match both current PUT", method: .put,
          headers: [("If-Match", "\"v1\""), ("If-None-Match", "\"v1\"")], expected: .preconditionFailed),
        C(name: "If-Match false is checked before If-None-Match",
          headers: [("If-Match", "\"v2\""), ("If-None-Match", "\"v1\"")], expected: .preconditionFailed),
        C(name: "If-Match false is checked before If-Modified-Since",
          headers: [("If-Match", "\"v2\""), ("If-Modified-Since", C.at)], expected: .preconditionFailed),
        C(name: "If-Match true then If-Modified-Since true",
          headers: [("If-Match", "\"v1\""), ("If-Modified-Since", C.at)], expected: .notModified),
        C(name: "If-Match true then If-Modified-Since false",
          headers: [("If-Match", "\"v1\""), ("If-Modified-Since", C.before)], expected: .proceed),
        C(name: "If-Unmodified-Since false is checked before If-None-Match",
          headers: [("If-Unmodified-Since", C.before), ("If-None-Match", "\"v1\"")], expected: .preconditionFailed),
        C(name: "If-Unmodified-Since true then If-None-Match",
          headers: [("If-Unmodified-Since", C.at), ("If-None-Match", "\"v1\"")], expected: .notModified),
        C(name: "If-Unmodified-Since false is checked before If-Modified-Since",
          headers: [("If-Unmodified-Since", C.before), ("If-Modified-Since", C.at)], expected: .preconditionFailed),
        C(name: "If-Unmodified-Since true then If-Modified-Since",
          headers: [("If-Unmodified-Since", C.after), ("If-Modified-Since", C.after)], expected: .notModified),
        C(name: "all four, all passing GET",
          headers: [("If-Match", "\"v1\""), ("If-Unmodified-Since", C.before), ("If-None-Match", "\"v2\""),
                    ("If-Modified-Since", C.at)],
          expected: .proceed),
        C(name: "no validators at all",
          headers: [("If-None-Match", "\"v1\""), ("If-Modified-Since", C.after), ("If-Unmodified-Since", C.before)],
          etag: nil, lastModified: nil, expected: .proceed),
        C(name: "no validators with If-Match", method: .put, headers: [("If-Match", "\"v1\"")],
          etag: nil, lastModified: nil, expected: .preconditionFailed),

        // RFC 9110 §13.2.1: only a 2xx response is subject to preconditions.
        C(name: "404 ignores If-Match", method: .put, headers: [("If-Match", "\"v2\"")], status: .notFound,
          expected: .proceed),
        C(name: "404 ignores If-None-Match *", headers: [("If-None-Match", "*")], status: .notFound, expected: .proceed),
        C(name: "500 ignores If-Modified-Since", headers: [("If-Modified-Since", C.at)], status: .internalServerError,
          expected: .proceed),
        C(name: "301 ignores If-None-Match", headers: [("If-None-Match", "\"v1\"")], status: .movedPermanently,
          expected: .proceed),
        C(name: "412 ignores If-Match", method: .put, headers: [("If-Match", "\"v2\"")], status: .preconditionFailed,
          expected: .proceed),
        C(name: "201 evaluates If-None-Match *", method: .put, headers: [("If-None-Match", "*")], status: .created,
          expected: .preconditionFailed),
        C(name: "204 evaluates If-Match", method: .delete, headers: [("If-Match", "\"v2\"")], status: .noContent,
          expected: .preconditionFailed),
        C(name: "206 evaluates If-None-Match", headers: [("If-None-Match", "\"v1\"")], status: .partialContent,
          expected: .notModified),
    ]

    @Test(arguments: ConditionalRequestTests.cases)
    func precedence(_ row: ConditionalCase) {
        let outcome = ConditionalRequest.evaluate(
            method: row.method, headers: HTTPHeaders(row.headers), status: row.status,
            etag: row.etag, lastModified: row.lastModified)
        #expect(outcome == row.expected)
    }

    @Test(arguments: [
        // A PUT that would create the resource: no current representation.
        ("If-None-Match", "*", ConditionalRequest.Outcome.proceed),     // create-only succeeds
        ("If-Match", "*", .preconditionFailed),                        // update-only fails
        ("If-Match", "\"v1\"", .preconditionFailed),
        ("If-None-Match", "\"v1\"", .proceed),
    ])
    func withoutACurrentRepresentation(name: String, value: String, expected: ConditionalRequest.Outcome) {
        let outcome = ConditionalRequest.evaluate(
            method: .put, headers: HTTPHeaders([(name, value)]), etag: nil, lastModified: nil,
            representationExists: false)
        #expect(outcome == expected)
    }

    @Test(arguments: [
        ("If-None-Match", "*", ConditionalRequest.Outcome.preconditionFailed),
        ("If-Match", "*", .proceed),
    ])
    func withACurrentRepresentation(name: String, value: String, expected: ConditionalRequest.Outcome) {
        let outcome = ConditionalRequest.evaluate(
            method: .put, headers: HTTPHeaders([(name, value)]), etag: nil, lastModified: nil,
            representationExists: true)
        #expect(outcome == expected)
    }
}

struct NotModifiedHeadersTests {
    @Test func keepsOnlyThe304FieldsInOrder() {
        let response: HTTPHeaders = HTTPHeaders([
            ("Content-Type", "text/html"),
            ("Date", "Sun, 06 Nov 1994 08:49:37 GMT"),
            ("Set-Cookie", "a=1"),
            ("Content-Length", "1234"),
            ("ETag", "\"v1\""),
            ("Last-Modified", "Sat, 05 Nov 1994 08:49:37 GMT"),
            ("cache-control", "max-age=60"),
            ("Content-Encoding", "gzip"),
            ("Vary", "Accept-Encoding"),
            ("Expires", "Sun, 06 Nov 1994 09:49:37 GMT"),
            ("Content-Location", "/doc.html"),
            ("X-Custom", "1"),
            ("Set-Cookie", "b=2"),
            ("Vary", "Origin"),
        ])
        let expected = HTTPHeaders([
            ("Date", "Sun, 06 Nov 1994 08:49:37 GMT"),
            ("Set-Cookie", "a=1"),
            ("ETag", "\"v1\""),
            ("cache-control", "max-age=60"),
            ("Vary", "Accept-Encoding"),
            ("Expires", "Sun, 06 Nov 1994 09:49:37 GMT"),
            ("Content-Location", "/doc.html"),
            ("Set-Cookie", "b=2"),
            ("Vary", "Origin"),
        ])
        let kept = ConditionalRequest.notModifiedHeaders(from: response)
        #expect(kept == expected)
        // HTTPHeaders equality ignores name case; the names must be kept as given.
        #expect(kept.fields.map(\.name) == expected.fields.map(\.name))
    }

    @Test func keepsLastModifiedWithoutAnETag() {
        let response = HTTPHeaders([
            ("Last-Modified", "Sat, 05 Nov 1994 08:49:37 GMT"),
            ("Content-Length", "10"),
            ("Cache-Control", "no-cache"),
        ])
        #expect(ConditionalRequest.notModifiedHeaders(from: response) == HTTPHeaders([
            ("Last-Modified", "Sat, 05 Nov 1994 08:49:37 GMT"),
            ("Cache-Control", "no-cache"),
        ]))
    }

    @Test func dropsLastModifiedWhenAnETagComesLater() {
        let response = HTTPHeaders([
            ("last-modified", "Sat, 05 Nov 1994 08:49:37 GMT"),
            ("etag", "W/\"v1\""),
        ])
        #expect(ConditionalRequest.notModifiedHeaders(from: response) == HTTPHeaders([("etag", "W/\"v1\"")]))
    }

    @Test(arguments: ["Content-Type", "Content-Length", "Content-Encoding", "Content-Range", "Transfer-Encoding",
                      "X-Request-ID", "Dates", "ETags"])
    func dropsOtherFields(name: String) {
        #expect(ConditionalRequest.notModifiedHeaders(from: HTTPHeaders([(name, "x")])).isEmpty)
    }

    @Test func emptyStaysEmpty() {
        #expect(ConditionalRequest.notModifiedHeaders(from: HTTPHeaders()).isEmpty)
    }
}
