import FoundationEssentials
import Testing
import StrataHTTP

@Suite struct CookieParsingTests {
    static let rfcDate = Date(timeIntervalSince1970: 784_111_777)
    static let mid2025 = Date(timeIntervalSince1970: 1_748_736_000)

    /// A cookie as parsed: no Path and no SameSite unless the header has them.
    static func parsed(
        _ name: String, _ value: String, maxAge: Int? = nil, expires: Date? = nil, path: String? = nil,
        domain: String? = nil, secure: Bool = false, httpOnly: Bool = false,
        sameSite: Cookie.SameSite = .omitted, partitioned: Bool = false
    ) -> Cookie {
        Cookie(name, value, maxAge: maxAge, expires: expires, path: path, domain: domain, secure: secure,
               httpOnly: httpOnly, sameSite: sameSite, partitioned: partitioned)
    }

    // MARK: Set-Cookie

    @Test(arguments: [
        ("a=1", parsed("a", "1")),
        ("a=", parsed("a", "")),
        ("  a  =  1  ", parsed("a", "1")),
        ("a=1=2", parsed("a", "1=2")),
        ("a=\"q\"", parsed("a", "\"q\"")),
        ("a=x y", parsed("a", "x y")),
        ("a=1;", parsed("a", "1")),
        ("a=1; Path=/", parsed("a", "1", path: "/")),
        ("a=1; Path=/docs/web", parsed("a", "1", path: "/docs/web")),
        ("a=1; Path=docs", parsed("a", "1")),
        ("a=1; Path=", parsed("a", "1")),
        ("a=1; Path=/a; Path=b", parsed("a", "1", path: "/a")), // an ignored Path keeps the earlier
        ("a=1; Path=/a; Path=/b", parsed("a", "1", path: "/b")), // last one wins
        ("a=1; Domain=.Example.COM", parsed("a", "1", domain: "example.com")),
        ("a=1; Domain=example.com", parsed("a", "1", domain: "example.com")),
        ("a=1; Domain=", parsed("a", "1")),
        ("a=1; Domain=.", parsed("a", "1")),
        ("a=1; Max-Age=3600", parsed("a", "1", maxAge: 3600)),
        ("a=1; Max-Age=0", parsed("a", "1", maxAge: 0)),
        ("a=1; Max-Age=-1", parsed("a", "1", maxAge: -1)),
        ("a=1; Max-Age=abc", parsed("a", "1")),
        ("a=1; Max-Age=1.5", parsed("a", "1")),
        ("a=1; Max-Age=+5", parsed("a", "1")),
        ("a=1; Max-Age=", parsed("a", "1")),
        ("a=1; Max-Age=-", parsed("a", "1")),
        ("a=1; Max-Age=1 2", parsed("a", "1")),
        ("a=1; Max-Age=60; Max-Age=x", parsed("a", "1", maxAge: 60)),
        ("a=1; Max-Age=99999999999999999999999", parsed("a", "1", maxAge: .max)),
        ("a=1; Max-Age=-99999999999999999999999", parsed("a", "1", maxAge: .min)),
        ("a=1; Expires=Sun, 06 Nov 1994 08:49:37 GMT", parsed("a", "1", expires: rfcDate)),
        ("a=1; Expires=Sunday, 06-Nov-94 08:49:37 GMT", parsed("a", "1", expires: rfcDate)),
        ("a=1; Expires=Sun Nov  6 08:49:37 1994", parsed("a", "1", expires: rfcDate)),
        ("a=1; Expires=tomorrow", parsed("a", "1")),
        ("a=1; Secure", parsed("a", "1", secure: true)),
        ("a=1; secure=yes", parsed("a", "1", secure: true)),
        ("a=1; HttpOnly", parsed("a", "1", httpOnly: true)),
        ("a=1; Partitioned", parsed("a", "1", partitioned: true)),
        ("a=1; SameSite=Lax", parsed("a", "1", sameSite: .lax)),
        ("a=1; SameSite=strict", parsed("a", "1", sameSite: .strict)),
        ("a=1; samesite=NONE", parsed("a", "1", sameSite: .none)),
        ("a=1; SameSite=Sometimes", parsed("a", "1")),
        ("a=1; SameSite=Strict; SameSite=bogus", parsed("a", "1")),
        ("a=1; Unknown=2; Comment=hi; Version=1", parsed("a", "1")),
        ("a=1;;; ;Secure", parsed("a", "1", secure: true)),
        ("a=1\t;\tSecure\t", parsed("a", "1", secure: true)),
    ])
    func readsEachAttribute(_ header: String, _ expected: Cookie) {
        #expect(Cookie.parse(setCookie: header, now: Self.mid2025) == expected)
    }

    @Test func readsRealWorldHeaders() {
        #expect(Cookie.parse(setCookie: "id=a3fWa; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Secure; HttpOnly")
            == Self.parsed("id", "a3fWa", expires: Date(timeIntervalSince1970: 1_445_412_480), secure: true, httpOnly: true))
        #expect(Cookie.parse(setCookie: "__Host-ID=123; secure; PATH=/; samesite=none; PARTITIONED")
            == Self.parsed("__Host-ID", "123", path: "/", secure: true, sameSite: .none, partitioned: true))
        #expect(Cookie.parse(
            setCookie: "NID=511=abc; expires=Sunday, 06-Nov-94 08:49:37 GMT; path=/; domain=.google.com; HttpOnly",
            now: Self.mid2025
        ) == Self.parsed("NID", "511=abc", expires: Self.rfcDate, path: "/", domain: "google.com", httpOnly: true))
        #expect(Cookie.parse(setCookie: "sid=x; HTTPONLY; max-age=abc; Max-Age=120; MAX-AGE=later; Domain=Shop.Example")
            == Self.parsed("sid", "x", maxAge: 120, domain: "shop.example", httpOnly: true))
    }

    @Test func roundTripsEveryHeaderValueItWrites() {
        let cookie = Cookie(
            "s", "\"v\"", maxAge: 10, expires: Self.rfcDate, path: "/p", domain: "ex.org",
            secure: true, httpOnly: true, sameSite: .strict, partitioned: true
        )
        #expect(Cookie.parse(setCookie: cookie.headerValue) == cookie)
        #expect(Cookie.parse(setCookie: Cookie("a", "1").headerValue) == Cookie("a", "1"))
        #expect(Cookie.parse(setCookie: Cookie("a", "1").deletion().headerValue) == Cookie("a", "1").deletion())
    }

    @Test(arguments: [
        "",
        "a",
        "a; b=2",
        "=1",
        " =1",
        "; a=1",
        "a=1\r\nSet-Cookie: b=2",
        "a=1\n",
        "a=1\0",
        "a=1; Path=/\u{7F}",
        "a\u{01}=1",
    ])
    func ignoresCookiesWithoutANameOrWithControls(_ header: String) {
        #expect(Cookie.parse(setCookie: header) == nil)
    }

    // MARK: Cookie request header

    @Test func readsRequestCookiePairsInOrderWithDuplicates() {
        let pairs = Cookie.parse(cookieHeader: "a=1; b=2;c=3;  a=4")
        #expect(pairs.map(\.name) == ["a", "b", "c", "a"])
        #expect(pairs.map(\.value) == ["1", "2", "3", "4"])
    }

    @Test(arguments: [
        ("", [String]()),
        ("a=1", ["a=1"]),
        ("a=", ["a="]),
        ("a=\"q\"", ["a=q"]),
        ("a=\"\"", ["a="]),
        ("a=\"", ["a=\""]),
        ("a=\"\"x\"\"", ["a=\"x\""]),
        ("a=b=c", ["a=b=c"]),
        ("flag; a=1; =2; ;b=2", ["a=1", "b=2"]),
        (" a = 1 ;\tb=2\t", ["a=1", "b=2"]),
        ("a=1;;b=2;", ["a=1", "b=2"]),
    ])
    func readsRequestCookieEdgeCases(_ header: String, _ expected: [String]) {
        #expect(Cookie.parse(cookieHeader: header).map { "\($0.name)=\($0.value)" } == expected)
    }

    @Test func writesRequestCookieHeader() {
        #expect(Cookie.cookieHeader([]) == "")
        #expect(Cookie.cookieHeader([(name: "a", value: "1")]) == "a=1")
        #expect(Cookie.cookieHeader([(name: "a", value: "1"), (name: "b", value: ""), (name: "a", value: "3")])
            == "a=1; b=; a=3")
    }

    @Test func requestHeaderRoundTrips() {
        let pairs: [(name: String, value: String)] = [("sid", "abc"), ("theme", "dark"), ("sid", "old")]
        let parsed = Cookie.parse(cookieHeader: Cookie.cookieHeader(pairs))
        #expect(parsed.map(\.name) == pairs.map(\.name))
        #expect(parsed.map(\.value) == pairs.map(\.value))
    }
}
