import Foundation
import Strata
import StrataTesting
import Synchronization
import Testing

@Suite("Test client")
struct TestClientTests {
    static let redirecting = App(routes: [
        Get("/old") { _ in Response(status: .movedPermanently, headers: ["Location": "/new?from=old"]) },
        Get("/new") { request in "new \(request.query["from"] ?? "")" },
        Post("/form") { _ in Response(status: .seeOther, headers: ["Location": "http://strata.test/done"]) },
        Get("/done") { request in "done via \(request.method)" },
        Post("/keep") { _ in Response(status: .temporaryRedirect, headers: ["Location": "/echo"]) },
        Post("/echo") { request in "\(request.method) \(request.text)" },
        Get("/loop") { _ in Response(status: .found, headers: ["Location": "/loop"]) },
        Get("/away") { _ in Response(status: .found, headers: ["Location": "https://example.com/"]) },
        Get("/docs/a/start") { _ in Response(status: .found, headers: ["Location": "../b/next?x=1#frag"]) },
        Get("/docs/b/next") { request in "next \(request.query["x"] ?? "")" },
        Get("/abs") { _ in Response(status: .found, headers: ["Location": "HTTP://STRATA.TEST:80/new?from=abs"]) },
    ])

    @Test func redirectsAreNotFollowedByDefault() async throws {
        let response = try await TestClient(Self.redirecting).get("/old")
        #expect(response.status == .movedPermanently)
        #expect(response.headers["Location"] == "/new?from=old")
    }

    @Test func followsRedirectsWhenAsked() async throws {
        let client = try TestClient(Self.redirecting, followsRedirects: true)
        let response = try await client.get("/old")
        #expect(response.text == "new old")
        #expect(response.redirects.map(\.status) == [.movedPermanently])
        #expect(try await client.post("/form", body: .text("x")).text == "done via GET")
        #expect(try await client.post("/keep", body: .text("body")).text == "POST body")
        #expect(try await client.get("/docs/a/start").text == "next 1")
        #expect(try await client.get("/abs").text == "new abs")
        // Another host is not followed: the redirect itself is returned.
        #expect(try await client.get("/away").status == .found)
        await #expect(throws: TestClientError.tooManyRedirects(21)) { try await client.get("/loop") }
    }

    @Test func lifecycleHooksRunByConstruction() async throws {
        let events = Mutex<[String]>([])
        let app = App(
            onStartup: [{ events.withLock { $0.append("startup") } }],
            onShutdown: [{ events.withLock { $0.append("shutdown") } }],
            routes: [Get("/x") { _ in events.withLock { $0.append("request") } }]
        )
        try await TestClient.run(app) { client in
            _ = try await client.get("/x")
            _ = try await client.get("/x")
        }
        #expect(events.withLock { $0 } == ["startup", "request", "request", "shutdown"])
    }

    @Test func startupRunsOnceBeforeTheFirstRequest() async throws {
        let count = Mutex(0)
        let app = App(onStartup: [{ count.withLock { $0 += 1 } }], routes: [Get("/x") { _ in count.withLock { $0 } }])
        let client = try TestClient(app)
        #expect(try await client.get("/x").text == "1")
        #expect(try await client.get("/x").text == "1")
    }

    @Test func shutdownRunsEvenWhenTheTestThrows() async throws {
        struct Stop: Error {}
        let stopped = Mutex(false)
        let app = App(onShutdown: [{ stopped.withLock { $0 = true } }], routes: [])
        await #expect(throws: Stop.self) {
            try await TestClient.run(app) { _ in throw Stop() }
        }
        #expect(stopped.withLock { $0 })
    }

    @Test func shutdownWaitsForUnwaitedBackgroundTasks() async throws {
        let (gate, opener) = AsyncStream<Void>.makeStream()
        let finished = Mutex(false)
        let app = App(routes: [Get("/x") { _ in "ok" }.backgroundTask(BackgroundTask {
            for await _ in gate { break }
            finished.withLock { $0 = true }
        })])
        let client = try TestClient(app, waitsForBackgroundTasks: false)
        _ = try await client.get("/x")
        #expect(!finished.withLock { $0 })
        opener.yield()
        await client.shutdown()
        #expect(finished.withLock { $0 })
    }

    @Test func ownCookieHeaderIsMergedWithTheJar() async throws {
        let app = App(routes: [
            Get("/set") { _ in
                var response = Response(text: "set")
                response.setCookie(Cookie("jar", "1"))
                return response
            },
            Get("/echo") { request in request.headers["Cookie"] ?? "" },
        ])
        let client = try TestClient(app)
        _ = try await client.get("/set")
        #expect(try await client.get("/echo", headers: ["Cookie": "own=2"]).text == "own=2; jar=1")
    }

    @Test func buildErrorsSurfaceFromTheInitializer() {
        #expect(throws: AppBuildError.self) {
            _ = try TestClient(App(routes: [Get("/{") { _ in "x" }]))
        }
    }

    @Test func anyMethodAndRawBodies() async throws {
        let app = App(routes: [Handler([HTTPMethod(rawValue: "PURGE")!], "/cache") { request in "\(request.method) \(request.body.count)" }])
        let response = try await TestClient(app).request(HTTPMethod(rawValue: "PURGE")!, "/cache", body: .bytes([1, 2, 3]))
        #expect(response.text == "PURGE 3")
    }

    @Test func parsedCookiesHaveEveryAttribute() async throws {
        let expires = Date(timeIntervalSince1970: 1_800_000_000)
        let app = App(routes: [Get("/c") { _ in "c" }]).cookie(Cookie(
            "full", "v", maxAge: 60, expires: expires, path: "/c", domain: "strata.test", secure: true, httpOnly: true, sameSite: .strict, partitioned: true))
        let cookie = try #require(try await TestClient(app).get("/c").cookie("full"))
        #expect(cookie.maxAge == 60)
        #expect(cookie.expires == expires)
        #expect(cookie.path == "/c")
        #expect(cookie.domain == "strata.test")
        #expect(cookie.secure && cookie.httpOnly && cookie.partitioned)
        #expect(cookie.sameSite == .strict)
    }

    @Test func notATargetPath() async throws {
        await #expect(throws: TestClientError.invalidTarget("x")) { try await TestClient(App(routes: [])).get("x") }
    }
}
