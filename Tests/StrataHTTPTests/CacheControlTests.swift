import Testing
import StrataHTTP

struct CacheControlTests {
    static let singleDirectives: [(CacheControl, String)] = [
        (CacheControl(maxAge: 60), "max-age=60"),
        (CacheControl(maxAge: 0), "max-age=0"),
        (CacheControl(mustRevalidate: true), "must-revalidate"),
        (CacheControl(mustUnderstand: true), "must-understand"),
        (CacheControl(noCache: true), "no-cache"),
        (CacheControl(noCacheFields: ["Set-Cookie", "X-Foo"]), "no-cache=\"Set-Cookie, X-Foo\""),
        (CacheControl(noStore: true), "no-store"),
        (CacheControl(noTransform: true), "no-transform"),
        (CacheControl(isPrivate: true), "private"),
        (CacheControl(privateFields: ["X-Bar"]), "private=\"X-Bar\""),
        (CacheControl(proxyRevalidate: true), "proxy-revalidate"),
        (CacheControl(isPublic: true), "public"),
        (CacheControl(sMaxAge: 3600), "s-maxage=3600"),
        (CacheControl(staleWhileRevalidate: 30), "stale-while-revalidate=30"),
        (CacheControl(staleIfError: 86400), "stale-if-error=86400"),
        (CacheControl(immutable: true), "immutable"),
    ]

    @Test(arguments: singleDirectives)
    func singleDirectiveHeaderValue(value: CacheControl, expected: String) {
        #expect(value.headerValue == expected)
    }

    @Test(arguments: singleDirectives)
    func singleDirectiveRoundTrips(value: CacheControl, header: String) {
        #expect(CacheControl.parse(header) == value)
    }

    @Test func everyDirectiveIsWrittenInRFCOrder() {
        let all = CacheControl(
            maxAge: 1, mustRevalidate: true, mustUnderstand: true,
            noCacheFields: ["Set-Cookie"], noStore: true, noTransform: true,
            privateFields: ["X-Bar", "X-Baz"], proxyRevalidate: true, isPublic: true,
            sMaxAge: 2, staleWhileRevalidate: 3, staleIfError: 4, immutable: true
        )
        let expected = "max-age=1, must-revalidate, must-understand, no-cache=\"Set-Cookie\", no-store, "
            + "no-transform, private=\"X-Bar, X-Baz\", proxy-revalidate, public, s-maxage=2, "
            + "stale-while-revalidate=3, stale-if-error=4, immutable"
        #expect(all.headerValue == expected)
        #expect(CacheControl.parse(expected) == all)
        #expect(throws: Never.self) { try all.validate() }
    }

    @Test func exampleFromDocumentation() {
        #expect(CacheControl(maxAge: 60, isPublic: true).headerValue == "max-age=60, public")
    }

    @Test func unqualifiedFormCoversTheFieldList() {
        #expect(CacheControl(noCache: true, noCacheFields: ["Set-Cookie"]).headerValue == "no-cache")
        #expect(CacheControl(isPrivate: true, privateFields: ["X-Bar"]).headerValue == "private")
    }

    @Test func fieldListQuotingEscapesAndDropsControlCharacters() {
        #expect(CacheControl(privateFields: ["a\"b\\c\r\nd"]).headerValue == #"private="a\"b\\cd""#)
    }

    @Test func staticMembers() {
        #expect(CacheControl.maxAge(300).headerValue == "max-age=300")
        #expect(CacheControl.noStore.headerValue == "no-store")
        #expect(CacheControl.noCache.headerValue == "no-cache")
        #expect(CacheControl().headerValue == "")
    }

    // MARK: validate()

    static let invalid: [(CacheControl, CacheControlError)] = [
        (CacheControl(), .empty),
        (CacheControl(maxAge: -1), .negativeAge(directive: "max-age", seconds: -1)),
        (CacheControl(sMaxAge: -5), .negativeAge(directive: "s-maxage", seconds: -5)),
        (CacheControl(staleWhileRevalidate: -2), .negativeAge(directive: "stale-while-revalidate", seconds: -2)),
        (CacheControl(staleIfError: -3), .negativeAge(directive: "stale-if-error", seconds: -3)),
        (CacheControl(isPrivate: true, isPublic: true), .publicAndPrivate),
        (CacheControl(noCacheFields: ["Set-Cookie", "Bad Name"]), .invalidFieldName(directive: "no-cache", name: "Bad Name")),
        (CacheControl(noCacheFields: [""]), .invalidFieldName(directive: "no-cache", name: "")),
        (CacheControl(privateFields: ["X\"Y"]), .invalidFieldName(directive: "private", name: "X\"Y")),
        (CacheControl(privateFields: ["a,b"]), .invalidFieldName(directive: "private", name: "a,b")),
    ]

    @Test(arguments: invalid)
    func validateRejects(value: CacheControl, error: CacheControlError) {
        #expect(throws: error) { try value.validate() }
    }

    @Test(arguments: [
        CacheControl(maxAge: 0),
        CacheControl(noStore: true),
        CacheControl(maxAge: 60, isPublic: true, immutable: true),
        CacheControl(privateFields: ["Set-Cookie"], isPublic: true),
        CacheControl(noCacheFields: ["Set-Cookie", "X-Foo"]),
    ])
    func validateAccepts(value: CacheControl) {
        #expect(throws: Never.self) { try value.validate() }
    }

    @Test func errorDescriptions() {
        #expect(CacheControlError.empty.description
            == "Cache-Control has no directive; omit the field instead of sending it empty")
        #expect(CacheControlError.negativeAge(directive: "max-age", seconds: -1).description
            == "Cache-Control max-age=-1 is negative; delta-seconds must be 0 or more (RFC 9111 §1.2.2)")
        #expect(CacheControlError.publicAndPrivate.description
            == "Cache-Control cannot be both public and private; choose one (RFC 9111 §5.2.2.7, §5.2.2.9)")
        #expect(CacheControlError.invalidFieldName(directive: "private", name: "a b").description
            == "Cache-Control private lists \"a b\", which is not a valid field name (RFC 9110 §5.1 token)")
    }

    // MARK: parse(_:)

    static let lenientParses: [(String, CacheControl)] = [
        ("MAX-AGE=60, Public", CacheControl(maxAge: 60, isPublic: true)),
        ("max-age=\"60\"", CacheControl(maxAge: 60)),
        ("  no-store ,, , max-age=5 ,", CacheControl(maxAge: 5, noStore: true)),
        ("x-ext, community=\"UCI\", no-store", CacheControl(noStore: true)),
        ("max-age=10, max-age=20", CacheControl(maxAge: 10)),
        ("max-age=soon, max-age=30", CacheControl(maxAge: 30)),
        ("max-age=-1, public", CacheControl(isPublic: true)),
        ("max-age=99999999999999999999999", CacheControl(maxAge: 2_147_483_648)),
        ("no-cache=Set-Cookie", CacheControl(noCacheFields: ["Set-Cookie"])),
        ("no-cache=\" Set-Cookie ,, X-Foo \"", CacheControl(noCacheFields: ["Set-Cookie", "X-Foo"])),
        ("no-cache=\"A\", no-cache=\"B\"", CacheControl(noCacheFields: ["A", "B"])),
        ("no-cache=\"A\", no-cache", CacheControl(noCache: true)),
        ("private=\"X\", private", CacheControl(isPrivate: true)),
        ("public=yes", CacheControl(isPublic: true)),
        ("s-maxage=1\t,\tstale-if-error=2", CacheControl(sMaxAge: 1, staleIfError: 2)),
        ("unknown", CacheControl()),
    ]

    @Test(arguments: lenientParses)
    func parseIsLenient(header: String, expected: CacheControl) {
        #expect(CacheControl.parse(header) == expected)
    }

    @Test(arguments: [
        "", "   ", ", ,", "=5", "max-age=", "max-age 60", "public; private",
        "no-cache=\"Set-Cookie", "max-age=60 public", "no-cache=\"a\u{01}\"",
    ])
    func parseRejectsMalformedLists(header: String) {
        #expect(CacheControl.parse(header) == nil)
    }
}
