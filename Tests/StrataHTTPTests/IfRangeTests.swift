import FoundationEssentials
import Testing
import StrataHTTP

struct IfRangeTests {
    static let modified = Date(timeIntervalSince1970: 784_111_777)   // Sun, 06 Nov 1994 08:49:37 GMT
    static let modifiedField = "Sun, 06 Nov 1994 08:49:37 GMT"

    @Test(arguments: [
        // Entity-tags: strong comparison only.
        ("\"v7\"", ETag("v7"), true),
        (" \"v7\" ", ETag("v7"), true),
        ("\"v6\"", ETag("v7"), false),                        // stale
        ("\"v7\"", ETag("v7", weak: true), false),            // current validator is weak
        ("W/\"v7\"", ETag("v7", weak: true), false),          // weak never matches
        ("W/\"v7\"", ETag("v7"), false),
        ("\"V7\"", ETag("v7"), false),                        // case-sensitive
        ("\"v7\"", nil, false),                               // resource has no ETag
        ("\"\"", ETag(""), true),
    ] as [(String, ETag?, Bool)])
    func entityTags(field: String, etag: ETag?, expected: Bool) {
        #expect(IfRange.allowsPartial(field, etag: etag, lastModified: Self.modified) == expected)
    }

    @Test(arguments: [
        (modifiedField, modified, true),
        ("  \(modifiedField)\t", modified, true),
        (modifiedField, Date(timeIntervalSince1970: 784_111_777.9), true),   // whole seconds
        ("Sunday, 06-Nov-94 08:49:37 GMT", modified, true),                  // RFC 850 form
        ("Sun Nov  6 08:49:37 1994", modified, true),                        // asctime form
        ("Sun, 06 Nov 1994 08:49:36 GMT", modified, false),                  // older than current: stale
        ("Sun, 06 Nov 1994 08:49:38 GMT", modified, false),                  // later: not exactly equal
        (modifiedField, nil, false),                                         // resource has no Last-Modified
    ] as [(String, Date?, Bool)])
    func dates(field: String, lastModified: Date?, expected: Bool) {
        #expect(IfRange.allowsPartial(field, etag: ETag("v7"), lastModified: lastModified) == expected)
    }

    @Test(arguments: [
        "",
        "   ",
        "v7",                                  // unquoted tag
        "\"v7",                                // unterminated
        "w/\"v7\"",                            // lowercase weak prefix
        "\"v7\", \"v8\"",                      // a list is not allowed
        "*",
        "sun, 06 Nov 1994 08:49:37 GMT",       // case-sensitive day name
        "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 31 Nov 1994 08:49:37 GMT",       // no such day
        "784111777",
    ])
    func malformedValuesSendTheWholeRepresentation(field: String) {
        #expect(IfRange.allowsPartial(field, etag: ETag("v7"), lastModified: Self.modified) == false)
    }
}
