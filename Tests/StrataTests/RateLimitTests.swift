@testable import Strata
import StrataTesting
import Testing

@Suite("Rate limits")
struct RateLimitTests {
    static let second: UInt64 = 1_000_000_000

    /// A burst of the bucket's size, then one token per window ÷ size.
    @Test func bucketsBurstThenRefillAtTheirRate() {
        let buckets = TokenBuckets(capacity: 3, windowNanoseconds: 3 * Self.second, maxKeys: 1000)
        let client = BucketKey.text("a")
        #expect((0..<3).allSatisfy { _ in buckets.take(client, now: 10 * Self.second) == nil })
        #expect(buckets.take(client, now: 10 * Self.second) == Self.second)          // the next token in 1 s
        #expect(buckets.take(client, now: 10 * Self.second + Self.second / 2) == Self.second / 2)
        #expect(buckets.take(client, now: 11 * Self.second) == nil)
        #expect(buckets.take(client, now: 11 * Self.second) != nil)
        // Idle for a whole window: the whole burst is back, and no more.
        #expect((0..<3).allSatisfy { _ in buckets.take(client, now: 20 * Self.second) == nil })
        #expect(buckets.take(client, now: 20 * Self.second) != nil)
        // Another client has its own bucket.
        #expect(buckets.take(.text("b"), now: 20 * Self.second) == nil)
    }

    /// A flood of distinct clients keeps at most the configured number of buckets.
    @Test func aFloodOfClientsStaysBounded() {
        let buckets = TokenBuckets(capacity: 5, windowNanoseconds: 60 * Self.second, maxKeys: 1600)
        for index in 0..<100_000 {
            _ = buckets.take(.address(UInt64(index), 0), now: Self.second + UInt64(index))
        }
        #expect(buckets.count <= 1600 && buckets.count > 800)
        // A client seen just now survives the eviction of the least recently seen.
        let recent = BucketKey.address(99_999, 0)
        for _ in 0..<4 { _ = buckets.take(recent, now: 2 * Self.second) }
        #expect(buckets.take(recent, now: 2 * Self.second) != nil)
    }

    @Test func ipv6ClientsCountByTheirSlash64() throws {
        let a = try #require(IPAddress("2001:db8:1:2::1")), b = try #require(IPAddress("2001:db8:1:2:ffff::9"))
        let c = try #require(IPAddress("2001:db8:1:3::1")), v4 = try #require(IPAddress("192.0.2.1")), v4b = try #require(IPAddress("192.0.2.2"))
        #expect(BucketKey(address: a) == BucketKey(address: b) && BucketKey(address: a) != BucketKey(address: c))
        #expect(BucketKey(address: v4) != BucketKey(address: v4b))
    }

    static func app(_ limit: RateLimit) -> App {
        App(routes: [
            Router("/api", routes: [
                Get("/a") { _ in "a" },
                Post("/b") { request in "b \(request.body.count)" },
                Get("/free") { _ in "free" }.rateLimit(.off),
            ]).rateLimit(limit),
            Get("/other") { _ in "other" },
        ])
    }

    @Test(arguments: TestTransport.allCases)
    func overTheBudgetIs429WithItsFields(transport: TestTransport) async throws {
        try await TestClient.run(Self.app(RateLimit(3, per: .seconds(60))), transport: transport) { client throws in
            // One budget for the layer's routes: two here, one there.
            let start = ContinuousClock.now
            #expect(try await client.get("/api/a").status == .ok)
            #expect(try await client.post("/api/b", body: .text("x")).status == .created)
            #expect(try await client.get("/api/a").status == .ok)
            let refused = try await client.post("/api/b", body: .text("content that is never read"))
            #expect(refused.status == .tooManyRequests)
            // The next token: 20 s after the first request, less the time since (rounded up). The
            // time since is measured: a loaded CI machine (sanitizers, parallel suites) took 13 s.
            let elapsed = Int((ContinuousClock.now - start).components.seconds)
            let retry = try #require(refused.headers["Retry-After"].flatMap { Int($0) })
            #expect((max(1, 19 - elapsed)...20).contains(retry))
            #expect(refused.headers["RateLimit-Policy"] == #""default";q=3;w=60"#)
            #expect(refused.headers["RateLimit"] == "\"default\";r=0;t=\(retry)")
            #expect(refused.headers["Cache-Control"] == "no-store")
            #expect(refused.headers["Content-Type"] == "application/problem+json")
            // Outside the limited layer, and switched off inside it: unlimited.
            #expect(try await client.get("/other").status == .ok)
            #expect(try await client.get("/api/free").status == .ok)
        }
    }

    /// Keyed by an API key header, each key has its own budget.
    @Test(arguments: TestTransport.allCases)
    func aHeaderKeysTheBuckets(transport: TestTransport) async throws {
        try await TestClient.run(Self.app(RateLimit(1, per: .seconds(60), by: .header("X-API-Key"))), transport: transport) { client throws in
            #expect(try await client.get("/api/a", headers: ["X-API-Key": "one"]).status == .ok)
            #expect(try await client.get("/api/a", headers: ["X-API-Key": "one"]).status == .tooManyRequests)
            #expect(try await client.get("/api/a", headers: ["X-API-Key": "two"]).status == .ok)
        }
        let custom = RateLimit(1, per: .seconds(60), by: .custom { $0.headers["X-User"] })
        try await TestClient.run(Self.app(custom), transport: transport) { client throws in
            // No key: not limited.
            #expect(try await client.get("/api/a").status == .ok)
            #expect(try await client.get("/api/a").status == .ok)
            #expect(try await client.get("/api/a", headers: ["X-User": "ada"]).status == .ok)
            #expect(try await client.get("/api/a", headers: ["X-User": "ada"]).status == .tooManyRequests)
        }
    }

    @Test func invalidLimitsAreBuildErrors() {
        #expect {
            try Self.app(RateLimit(0, per: .zero, by: .header("X Key"), maxClients: 2, name: "a b")).build()
        } throws: { error in
            let message = "\(error)"
            return ["0 requests", "window", "maxClients 2", "\"a b\"", "\"X Key\""].allSatisfy(message.contains)
        }
    }
}
