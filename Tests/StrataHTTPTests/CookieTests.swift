import FoundationEssentials
import Testing
import StrataHTTP

@Suite struct CookieTests {
    static let rfcDate = Date(timeIntervalSince1970: 784_111_777)

    // MARK: headerValue

    @Test(arguments: [
        (Cookie("a", "1"), "a=1; Path=/; SameSite=Lax"),
        (Cookie("a", ""), "a=; Path=/; SameSite=Lax"),
        (Cookie("a", "\"q\""), "a=\"q\"; Path=/; SameSite=Lax"),
        (Cookie("a", "1", path: nil, sameSite: .omitted), "a=1"),
        (Cookie("a", "1", expires: rfcDate, path: nil, sameSite: .omitted), "a=1; Expires=Sun, 06 Nov 1994 08:49:37 GMT"),
        (Cookie("a", "1", maxAge: 3600, path: nil, sameSite: .omitted), "a=1; Max-Age=3600"),
        (Cookie("a", "1", maxAge: 0, path: nil, sameSite: .omitted), "a=1; Max-Age=0"),
        (Cookie("a", "1", maxAge: -1, path: nil, sameSite: .omitted), "a=1; Max-Age=-1"),
        (Cookie("a", "1", domain: "example.com", sameSite: .omitted), "a=1; Domain=example.com; Path=/"),
        (Cookie("a", "1", path: "/api", sameSite: .omitted), "a=1; Path=/api"),
        (Cookie("a", "1", path: nil, secure: true, sameSite: .omitted), "a=1; Secure"),
        (Cookie("a", "1", path: nil, httpOnly: true, sameSite: .omitted), "a=1; HttpOnly"),
        (Cookie("a", "1", path: nil, sameSite: .lax), "a=1; SameSite=Lax"),
        (Cookie("a", "1", path: nil, sameSite: .strict), "a=1; SameSite=Strict"),
        (Cookie("a", "1", path: nil, secure: true, sameSite: .none), "a=1; Secure; SameSite=None"),
        (Cookie("a", "1", path: nil, sameSite: .omitted, partitioned: true), "a=1; Secure; Partitioned"),
    ])
    func writesEachAttribute(_ cookie: Cookie, _ expected: String) {
        #expect(cookie.headerValue == expected)
    }

    @Test func writesAllAttributesInOneFixedOrder() {
        let cookie = Cookie(
            "session", "abc123", maxAge: 3600, expires: Self.rfcDate, path: "/app", domain: ".example.com",
            secure: true, httpOnly: true, sameSite: .strict, partitioned: true
        )
        #expect(cookie.headerValue
            == "session=abc123; Expires=Sun, 06 Nov 1994 08:49:37 GMT; Max-Age=3600; Domain=.example.com; "
            + "Path=/app; Secure; HttpOnly; SameSite=Strict; Partitioned")
    }

    @Test func writesTypicalCombinations() {
        #expect(Cookie("id", "7", maxAge: 60, secure: true, httpOnly: true).headerValue
            == "id=7; Max-Age=60; Path=/; Secure; HttpOnly; SameSite=Lax")
        #expect(Cookie("t", "x", domain: "example.com", httpOnly: true, sameSite: .strict).headerValue
            == "t=x; Domain=example.com; Path=/; HttpOnly; SameSite=Strict")
    }

    @Test func sameSiteNoneForcesSecure() {
        let cookie = Cookie("a", "1", secure: false, sameSite: .none)
        #expect(cookie.headerValue == "a=1; Path=/; Secure; SameSite=None")
        #expect(cookie.secure == false) // forced on the wire only, not in the stored property
        #expect(cookie.writesSecure)
    }

    @Test func partitionedForcesSecure() {
        #expect(Cookie("a", "1", partitioned: true).headerValue == "a=1; Path=/; Secure; SameSite=Lax; Partitioned")
        #expect(Cookie("a", "1", secure: true, sameSite: .none, partitioned: true).headerValue
            == "a=1; Path=/; Secure; SameSite=None; Partitioned")
        #expect(!Cookie("a", "1").writesSecure)
    }

    // MARK: key

    @Test func keyNormalizesTheDomainButNotNameOrPath() {
        let key = Cookie("a", "1", path: "/x", domain: ".Example.COM").key
        #expect(key == Cookie.Key(name: "a", domain: "example.com", path: "/x"))
        #expect(Cookie("a", "1", domain: "example.com").key == Cookie("a", "2", domain: ".EXAMPLE.com").key)
        #expect(Cookie("a", "1").key == Cookie.Key(name: "a", domain: nil, path: "/"))
        #expect(Cookie("a", "1", domain: ".").key.domain == nil)
        #expect(Cookie("a", "1").key != Cookie("A", "1").key)
        #expect(Cookie("a", "1", path: "/x").key != Cookie("a", "1", path: "/X").key)
        #expect(Cookie("a", "1", path: nil).key.path == nil)
    }

    // MARK: deletion

    @Test func deletionOfADefaultCookie() {
        #expect(Cookie("a", "1").deletion().headerValue
            == "a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax")
    }

    @Test func deletionKeepsEveryAttributeThatIdentifiesTheCookie() {
        let cookie = Cookie(
            "__Host-s", "v", maxAge: 86_400, expires: Self.rfcDate, path: "/app", domain: "example.com",
            secure: true, httpOnly: true, sameSite: .none, partitioned: true
        )
        let deletion = cookie.deletion()
        #expect(deletion.headerValue
            == "__Host-s=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Domain=example.com; Path=/app; "
            + "Secure; HttpOnly; SameSite=None; Partitioned")
        #expect(deletion.key == cookie.key)
        #expect(deletion.value == "")
        #expect(deletion.maxAge == 0)
        #expect(deletion.expires == Date(timeIntervalSince1970: 0))
    }

    @Test func deletionKeepsAbsentAttributesAbsent() {
        let cookie = Cookie("a", "1", path: nil, sameSite: .omitted)
        #expect(cookie.deletion().headerValue == "a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0")
        #expect(Cookie("a", "1", sameSite: .strict).deletion().headerValue
            == "a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Strict")
    }

    @Test func deletingByName() {
        #expect(Cookie.deleting("a").headerValue
            == "a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax")
        #expect(Cookie.deleting("a", path: "/p", domain: "ex.org", secure: true, sameSite: .strict, partitioned: true)
            .headerValue
            == "a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Domain=ex.org; Path=/p; Secure; "
            + "SameSite=Strict; Partitioned")
        #expect(Cookie.deleting("a", path: nil, sameSite: .omitted).headerValue
            == "a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0")
    }

    // MARK: validate

    @Test(arguments: [
        Cookie("a", "1"),
        Cookie("a", ""),
        Cookie("a", "\"\""),
        Cookie("a", "\"quoted\""),
        Cookie("!#$%&'*+-.^_`|~09azAZ", "!#$%&'()*+-./09:<=>?@AZ[]^_`az{|}~"),
        Cookie("a", "1", maxAge: -5, path: "/a b,c", domain: ".sub-1.Example.com"),
        Cookie("a", "1", maxAge: 0, path: nil, domain: nil),
    ])
    func acceptsValidCookies(_ cookie: Cookie) throws {
        try cookie.validate()
    }

    @Test(arguments: [
        // name: not a token
        (Cookie("", "1"), CookieError.Reason.invalidName, nil),
        (Cookie("a b", "1"), .invalidName, " "),
        (Cookie("a\rb", "1"), .invalidName, "\r"),
        (Cookie("a\nb", "1"), .invalidName, "\n"),
        (Cookie("a\0b", "1"), .invalidName, "\0"),
        (Cookie("a;b", "1"), .invalidName, ";"),
        (Cookie("a,b", "1"), .invalidName, ","),
        (Cookie("a\"b", "1"), .invalidName, "\""),
        (Cookie("a=b", "1"), .invalidName, "="),
        (Cookie("a\tb", "1"), .invalidName, "\t"),
        (Cookie("é", "1"), .invalidName, "é"),
        // value: not cookie-octets
        (Cookie("a", "x y"), .invalidValue, " "),
        (Cookie("a", "x\ry"), .invalidValue, "\r"),
        (Cookie("a", "x\ny"), .invalidValue, "\n"),
        (Cookie("a", "x\0y"), .invalidValue, "\0"),
        (Cookie("a", "x;y"), .invalidValue, ";"),
        (Cookie("a", "x,y"), .invalidValue, ","),
        (Cookie("a", "x\"y"), .invalidValue, "\""),
        (Cookie("a", "x\\y"), .invalidValue, "\\"),
        (Cookie("a", "\""), .invalidValue, "\""),
        (Cookie("a", "\"x"), .invalidValue, "\""),
        (Cookie("a", "\"x\"y\""), .invalidValue, "\""),
        (Cookie("a", "\"x y\""), .invalidValue, " "),
        (Cookie("a", "\u{7F}"), .invalidValue, "\u{7F}"),
        (Cookie("a", "ü"), .invalidValue, "ü"),
        // path: CTLs, ";", non-ASCII, or no leading "/"
        (Cookie("a", "1", path: "/x\r"), .invalidPath, "\r"),
        (Cookie("a", "1", path: "/x\n"), .invalidPath, "\n"),
        (Cookie("a", "1", path: "/x\0"), .invalidPath, "\0"),
        (Cookie("a", "1", path: "/x;y"), .invalidPath, ";"),
        (Cookie("a", "1", path: "/ü"), .invalidPath, "ü"),
        (Cookie("a", "1", path: ""), .invalidPath, nil),
        (Cookie("a", "1", path: "x"), .invalidPath, nil),
        // domain: letters, digits, "-", "." only, not empty
        (Cookie("a", "1", domain: ""), .invalidDomain, nil),
        (Cookie("a", "1", domain: "."), .invalidDomain, nil),
        (Cookie("a", "1", domain: "ex ample.com"), .invalidDomain, " "),
        (Cookie("a", "1", domain: "example.com\r"), .invalidDomain, "\r"),
        (Cookie("a", "1", domain: "example.com\n"), .invalidDomain, "\n"),
        (Cookie("a", "1", domain: "ex\0.com"), .invalidDomain, "\0"),
        (Cookie("a", "1", domain: "example.com;x"), .invalidDomain, ";"),
        (Cookie("a", "1", domain: "a,b.com"), .invalidDomain, ","),
        (Cookie("a", "1", domain: "\"a.com\""), .invalidDomain, "\""),
        (Cookie("a", "1", domain: "a_b.com"), .invalidDomain, "_"),
    ] as [(Cookie, CookieError.Reason, Unicode.Scalar?)])
    func rejectsInvalidCookies(_ cookie: Cookie, _ reason: CookieError.Reason, _ character: Unicode.Scalar?) {
        #expect(throws: CookieError(cookieName: cookie.name, reason: reason, character: character)) {
            try cookie.validate()
        }
    }

    @Test func reportsTheFirstInvalidPartInOrderNameValuePathDomain() {
        let cookie = Cookie("a b", "x y", path: "x", domain: "")
        #expect(throws: CookieError(cookieName: "a b", reason: .invalidName, character: " ")) {
            try cookie.validate()
        }
    }
}
