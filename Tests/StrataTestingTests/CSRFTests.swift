import Strata
import StrataTesting
import Synchronization
import Testing

/// Cross-site request forgery refused by what the browser reports — `Sec-Fetch-Site` first,
/// then `Origin` against the host — for unsafe methods only, before rate limits, guards and
/// the content.
@Suite("CSRF")
struct CSRFTests {
    /// What the routes saw: handler runs and guard runs.
    final class Calls: Sendable {
        let handler = Atomic<Int>(0)
        let guarded = Atomic<Int>(0)
    }

    static func app(_ csrf: CSRF = CSRF(), calls: Calls = Calls(), proxies: TrustedProxies? = nil) -> App {
        let seen = Guard("seen") { _ in calls.guarded.add(1, ordering: .relaxed) }
        return App(trustedProxies: proxies, routes: [
            Router("/api", routes: [
                Get("/books") { _ in ["Dune"] },
                Post("/books") { request in
                    calls.handler.add(1, ordering: .relaxed)
                    return "added \(request.body.count)"
                }.guards(seen),
                Delete("/books") { _ in _ = calls.handler.add(1, ordering: .relaxed) },
                Post("/hooks/payments") { _ in "paid" }.csrf(.off),
            ])
            .csrf(csrf)
            .headers(["X-Layer": "api"]),
            Post("/open") { _ in "no check here" },
        ])
    }

    static let trusting = CSRF(trustedOrigins: ["https://admin.example.com", "https://*.preview.example.com"])

    @Test(arguments: TestTransport.allCases)
    func aCrossSitePageIsRefusedBeforeGuardsAndContent(transport: TestTransport) async throws {
        let calls = Calls()
        try await TestClient.run(Self.app(calls: calls), transport: transport) { client in
            for site in ["cross-site", "same-site", "something-new"] {
                let response = try await client.post("/api/books", headers: ["Sec-Fetch-Site": site, "Origin": "https://evil.test"],
                                                      body: .text("title=Pwned"))
                #expect(response.status == .forbidden, "\(site)")
                #expect(response.headers["Content-Type"] == "application/problem+json")
                #expect(response.text.contains("Cross-origin request refused"))
                // Finalized like every error of the route: its layered fields, never stored.
                #expect(response.headers["X-Layer"] == "api" && response.headers["Cache-Control"] == "no-store")
            }
            let delete = try await client.delete("/api/books", headers: ["Sec-Fetch-Site": "cross-site"])
            #expect(delete.status == .forbidden)
        }
        #expect(calls.handler.load(ordering: .relaxed) == 0 && calls.guarded.load(ordering: .relaxed) == 0)
    }

    @Test(arguments: TestTransport.allCases)
    func theSameOriginAndTheUserThemselvesPass(transport: TestTransport) async throws {
        let calls = Calls()
        try await TestClient.run(Self.app(calls: calls), transport: transport) { client in
            let sameOrigin = try await client.post("/api/books", headers: ["Sec-Fetch-Site": "same-origin", "Origin": "http://strata.test"],
                                                   body: .text("abc"))
            #expect(sameOrigin.status == .created && sameOrigin.text == "added 3")
            // `none`: typed into the address bar or opened from a bookmark.
            #expect(try await client.post("/api/books", headers: ["Sec-Fetch-Site": "none"]).status == .created)
        }
        #expect(calls.handler.load(ordering: .relaxed) == 2 && calls.guarded.load(ordering: .relaxed) == 2)
    }

    /// Browsers without Fetch Metadata (or on plain HTTP away from localhost) still send
    /// `Origin` on unsafe requests: its host and port must be the request's.
    @Test(arguments: TestTransport.allCases)
    func withoutFetchMetadataTheOriginMustBeTheHost(transport: TestTransport) async throws {
        try await TestClient.run(Self.app(), transport: transport) { client throws in
            #expect(try await client.post("/api/books", headers: ["Origin": "http://strata.test"]).status == .created)
            #expect(try await client.post("/api/books", headers: ["Origin": "HTTPS://Strata.Test"]).status == .created)
            // A port the origin's scheme implies is the same port.
            #expect(try await client.post("/api/books", headers: ["Host": "strata.test:80", "Origin": "http://strata.test"]).status == .created)
            #expect(try await client.post("/api/books", headers: ["Host": "strata.test:443", "Origin": "https://strata.test"]).status == .created)
            #expect(try await client.post("/api/books", headers: ["Host": "strata.test:8080", "Origin": "http://strata.test:8080"]).status == .created)
            for origin in ["https://evil.test", "http://strata.test:8080", "http://strata.test.evil.test", "http://evil.strata.test", "null",
                           "http://strata.test/", "not an origin", ""] {
                #expect(try await client.post("/api/books", headers: ["Origin": origin]).status == .forbidden, "\(origin)")
            }
            #expect(try await client.post("/api/books", headers: ["Host": "strata.test:8080", "Origin": "http://strata.test"]).status == .forbidden)
        }
    }

    /// A request with neither field is not a page's: a script, a server, `curl`.
    @Test(arguments: TestTransport.allCases)
    func aRequestWithNeitherFieldIsNotFromAPage(transport: TestTransport) async throws {
        try await TestClient.run(Self.app(), transport: transport) { client throws in
            #expect(try await client.post("/api/books", body: .text("x")).status == .created)
            #expect(try await client.delete("/api/books").status == .noContent)
        }
    }

    @Test(arguments: TestTransport.allCases)
    func safeMethodsAndExemptOrUncheckedRoutesAreNotChecked(transport: TestTransport) async throws {
        try await TestClient.run(Self.app(), transport: transport) { client throws in
            let forged: HTTPHeaders = ["Sec-Fetch-Site": "cross-site", "Origin": "https://evil.test"]
            #expect(try await client.get("/api/books", headers: forged).status == .ok)
            #expect(try await client.head("/api/books", headers: forged).status == .ok)
            #expect(try await client.post("/api/hooks/payments", headers: forged).text == "paid")
            #expect(try await client.post("/open", headers: forged).text == "no check here")
        }
    }

    @Test(arguments: TestTransport.allCases)
    func trustedOriginsPassFromAnySite(transport: TestTransport) async throws {
        try await TestClient.run(Self.app(Self.trusting), transport: transport) { client throws in
            for origin in ["https://admin.example.com", "https://pr-7.preview.example.com"] {
                #expect(try await client.post("/api/books", headers: ["Sec-Fetch-Site": "cross-site", "Origin": origin]).status == .created)
                #expect(try await client.post("/api/books", headers: ["Sec-Fetch-Site": "same-site", "Origin": origin]).status == .created)
                #expect(try await client.post("/api/books", headers: ["Origin": origin]).status == .created)
            }
            for origin in ["http://admin.example.com", "https://preview.example.com", "https://admin.example.com.evil.test"] {
                #expect(try await client.post("/api/books", headers: ["Sec-Fetch-Site": "cross-site", "Origin": origin]).status == .forbidden)
            }
            // Cross-site without an Origin to trust.
            #expect(try await client.post("/api/books", headers: ["Sec-Fetch-Site": "cross-site"]).status == .forbidden)
        }
    }

    /// Behind a trusted proxy the host is the one the client asked the proxy for.
    @Test(arguments: TestTransport.allCases)
    func behindATrustedProxyTheOriginIsComparedWithTheForwardedHost(transport: TestTransport) async throws {
        try await TestClient.run(Self.app(proxies: TrustedProxies(["127.0.0.1"])), transport: transport) { client throws in
            let forwarded: HTTPHeaders = ["X-Forwarded-Host": "books.example.com", "X-Forwarded-Proto": "https"]
            var same = forwarded
            same.add("Origin", "https://books.example.com")
            #expect(try await client.post("/api/books", headers: same).status == .created)
            var direct = forwarded
            direct.add("Origin", "http://strata.test")
            #expect(try await client.post("/api/books", headers: direct).status == .forbidden)
        }
    }

    /// A forged request spends none of its victim's budget.
    @Test func theCheckComesBeforeTheRateLimit() async throws {
        let app = Self.app().rateLimit(RateLimit(1, per: .seconds(60)))
        try await TestClient.run(app) { client throws in
            for _ in 0..<3 {
                #expect(try await client.post("/api/books", headers: ["Sec-Fetch-Site": "cross-site"]).status == .forbidden)
            }
            #expect(try await client.post("/api/books").status == .created)
            #expect(try await client.post("/api/books").status == .tooManyRequests)
        }
    }

    @Test func theRefusalReachesTheExceptionHandlers() async throws {
        let app = Self.app().onStatus(.forbidden) { _, _ in Response(status: .forbidden, text: "go away") }
        try await TestClient.run(app) { client throws in
            #expect(try await client.post("/api/books", headers: ["Sec-Fetch-Site": "cross-site"]).text == "go away")
        }
    }

    @Test func invalidTrustedOriginsAreBuildErrors() {
        #expect {
            try Self.app(CSRF(trustedOrigins: ["admin.example.com", "https://a.example.com/path", "https://ok.example.com", "*", "null"])).build()
        } throws: { error in
            let message = "\(error)"
            return ["csrf: \"admin.example.com\"", "csrf: \"https://a.example.com/path\"", "POST /api/books",
                    "csrf: \"*\" would trust every origin", "csrf: \"null\" would trust any page"].allSatisfy(message.contains)
                && !message.contains("ok.example.com\"")
        }
    }
}
