import Foundation
import Strata
import StrataTesting
import Synchronization
import Testing

/// A clock tests move by hand.
final class TestClock: Sendable {
    private let current = Mutex(Date(timeIntervalSince1970: 1_700_000_000))
    var now: Date { current.withLock { $0 } }
    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

@Suite("Cookie jar")
struct CookieJarTests {
    @Test func hostOnlyCookieGoesToTheHostOnly() {
        let jar = CookieJar()
        jar.store(Cookie("a", "1"), fromHost: "strata.test", path: "/")
        #expect(jar.cookieHeader(forHost: "strata.test", path: "/", secure: false) == "a=1")
        #expect(jar.cookieHeader(forHost: "sub.strata.test", path: "/", secure: false) == nil)
    }

    @Test func domainCookieGoesToSubdomains() {
        let jar = CookieJar()
        #expect(jar.store(Cookie("a", "1", domain: "strata.test"), fromHost: "www.strata.test", path: "/"))
        #expect(jar.cookieHeader(forHost: "api.strata.test", path: "/", secure: false) == "a=1")
        #expect(jar.cookieHeader(forHost: "strata.test", path: "/", secure: false) == "a=1")
        #expect(jar.cookieHeader(forHost: "evilstrata.test", path: "/", secure: false) == nil)
    }

    @Test func foreignOrPublicSuffixDomainIsRefused() {
        let jar = CookieJar()
        #expect(!jar.store(Cookie("a", "1", domain: "other.test"), fromHost: "strata.test", path: "/"))
        #expect(!jar.store(Cookie("a", "1", domain: "test"), fromHost: "strata.test", path: "/"))
        #expect(jar.all.isEmpty)
    }

    @Test func domainEqualToADotlessHostIsHostOnly() {
        let jar = CookieJar()
        #expect(jar.store(Cookie("a", "1", domain: "localhost"), fromHost: "localhost", path: "/"))
        #expect(jar.all.first?.hostOnly == true)
        #expect(jar.cookieHeader(forHost: "sub.localhost", path: "/", secure: false) == nil)
    }

    @Test(arguments: [
        ("/docs", "/docs", true), ("/docs", "/docs/", true), ("/docs", "/docs/web", true),
        ("/docs", "/docsweb", false), ("/docs/", "/docs", false), ("/", "/anything", true),
    ])
    func pathMatching(cookiePath: String, requestPath: String, matches: Bool) {
        let jar = CookieJar()
        jar.store(Cookie("a", "1", path: cookiePath), fromHost: "strata.test", path: "/")
        #expect((jar.cookieHeader(forHost: "strata.test", path: requestPath, secure: false) != nil) == matches)
    }

    @Test(arguments: [("/a/b/c", "/a/b"), ("/a", "/"), ("/", "/"), ("", "/"), ("/a/", "/a")])
    func defaultPath(requestPath: String, expected: String) {
        let jar = CookieJar()
        jar.store(Cookie("a", "1", path: nil), fromHost: "strata.test", path: requestPath)
        #expect(jar.all.first?.path == expected)
    }

    @Test func maxAgeExpiresAndBeatsExpires() {
        let clock = TestClock()
        let jar = CookieJar(now: { clock.now })
        jar.store(Cookie("a", "1", maxAge: 60, expires: clock.now.addingTimeInterval(-10)), fromHost: "strata.test", path: "/")
        #expect(jar["a"] == "1")
        clock.advance(by: 61)
        #expect(jar["a"] == nil)
    }

    @Test func expiresInThePastDeletes() {
        let jar = CookieJar()
        jar.store(Cookie("a", "1"), fromHost: "strata.test", path: "/")
        jar.store(Cookie("a", "1").deletion(), fromHost: "strata.test", path: "/")
        #expect(jar.all.isEmpty)
    }

    @Test func deletionNeedsTheSamePath() {
        let jar = CookieJar()
        jar.store(Cookie("a", "1", path: "/x"), fromHost: "strata.test", path: "/")
        jar.store(Cookie.deleting("a", path: "/"), fromHost: "strata.test", path: "/")
        #expect(jar.all.map(\.cookie.name) == ["a"])
    }

    @Test func sameKeyReplaces() {
        let jar = CookieJar()
        jar.store(Cookie("a", "1"), fromHost: "strata.test", path: "/")
        jar.store(Cookie("a", "2"), fromHost: "strata.test", path: "/")
        #expect(jar.all.map(\.cookie.value) == ["2"])
    }

    @Test func secureCookiesGoOverHTTPSOnly() {
        let jar = CookieJar()
        jar.store(Cookie("s", "1", secure: true), fromHost: "strata.test", path: "/")
        jar.store(Cookie("n", "1", sameSite: .none), fromHost: "strata.test", path: "/")
        #expect(jar.cookieHeader(forHost: "strata.test", path: "/", secure: false) == nil)
        #expect(jar.cookieHeader(forHost: "strata.test", path: "/", secure: true) == "s=1; n=1")
    }

    @Test func longerPathsFirst() {
        let clock = TestClock()
        let jar = CookieJar(now: { clock.now })
        jar.store(Cookie("root", "1"), fromHost: "strata.test", path: "/")
        clock.advance(by: 1)
        jar.store(Cookie("deep", "1", path: "/a/b"), fromHost: "strata.test", path: "/")
        #expect(jar.cookieHeader(forHost: "strata.test", path: "/a/b/c", secure: false) == "deep=1; root=1")
    }

    @Test func clientSendsWhatTheAppSet() async throws {
        let app = App(routes: [
            Post("/login") { _ in
                var response = Response(text: "in")
                response.setCookie(Cookie("session", "s1", httpOnly: true))
                return response
            },
            Get("/me") { request in request.cookies["session"] ?? "anonymous" },
            Post("/logout") { _ in
                var response = Response(text: "out")
                response.deleteCookie("session")
                return response
            },
        ])
        let client = try TestClient(app)
        #expect(try await client.get("/me").text == "anonymous")
        _ = try await client.post("/login")
        #expect(client.cookies["session"] == "s1")
        #expect(try await client.get("/me").text == "s1")
        _ = try await client.post("/logout")
        #expect(try await client.get("/me").text == "anonymous")
    }
}
