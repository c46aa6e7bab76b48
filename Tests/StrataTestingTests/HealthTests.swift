import Strata
@testable import StrataTesting
import Synchronization
import Testing

/// The health routes on both transports, and readiness through a real server's drain.
@Suite("Health and readiness")
struct HealthTests {
    struct Report: Codable, Equatable {
        let status: String
        let checks: [String: String]?
    }

    struct Unavailable: Error {}

    @Test(arguments: TestTransport.allCases)
    func liveAndReadyAnswerOnceTheAppServes(transport: TestTransport) async throws {
        let database = Mutex(true)
        let app = App(routes: [
            Health(checks: [
                ("database", { if !database.withLock({ $0 }) { throw Unavailable() } }),
                ("cache", {}),
            ]),
        ])
        try await TestClient.run(app, transport: transport) { client in
            let live = try await client.get("/health/live")
            #expect(live.status == .ok)
            #expect(try live.json(Report.self) == Report(status: "ok", checks: nil))
            #expect(live.headers["Cache-Control"] == "no-store")
            let ready = try await client.get("/health/ready")
            #expect(ready.status == .ok)
            #expect(try ready.json(Report.self) == Report(status: "ready", checks: ["database": "ok", "cache": "ok"]))
            #expect(ready.headers["Cache-Control"] == "no-store")
            database.withLock { $0 = false }
            let failing = try await client.get("/health/ready")
            #expect(failing.status == .serviceUnavailable)
            #expect(try failing.json(Report.self) == Report(status: "unready", checks: ["database": "failed", "cache": "ok"]))
        }
    }

    @Test func theHealthLayerTakesPoliciesAndAPath() async throws {
        let app = App(routes: [Health(path: "/_status").headers(["X-Probe": "1"])])
        try await TestClient.run(app) { client in
            let ready = try await client.get("/_status/ready")
            #expect(ready.status == .ok && ready.headers["X-Probe"] == "1")
            #expect(try await client.get("/health/ready").status == .notFound)
        }
    }

    @Test func theStateFollowsTheTransport() async throws {
        let health = Health()
        let app = try App(routes: [health]).build()
        #expect(health.serverState == .starting)
        let client = try TestClient(app)
        #expect(try await client.get("/health/ready").json(Report.self) == Report(status: "ready", checks: nil))
        #expect(health.serverState == .ready)
        await client.shutdown()
        #expect(health.serverState == .stopped)
        // A responder that never said it serves is not ready.
        let unstarted = try App(routes: [Health()]).build()
        let response = await unstarted.respond(to: HTTPRequest(method: .get, target: "/health/ready", headers: ["Host": "a"]))
        #expect(response.status == .serviceUnavailable)
    }

    /// SIGTERM's first effect: readiness fails while the server still accepts and answers for
    /// `drainDelay`, then the drain proper begins.
    @Test func readinessFailsAsSoonAsADrainBegins() async throws {
        let health = Health()
        let app = try App(routes: [health, Get("/work") { _ in "done" }]).build()
        // Long enough for the requests below on a busy machine; the shutdown takes that long.
        let server = HTTPServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, eventLoops: 1, drainDelay: .seconds(2)),
                                responder: app)
        let port = try server.start()
        let before = try await Self.get("/health/ready", port: port)
        #expect(before.hasPrefix("HTTP/1.1 200 "))
        let shutdown = Task { await server.shutdown() }
        for _ in 0..<200 where health.serverState != .draining { try await Task.sleep(for: .milliseconds(5)) }
        #expect(health.serverState == .draining)
        // Still accepting new connections, still answering, and keep-alive as before.
        let during = try await Self.get("/health/ready", port: port)
        #expect(during.hasPrefix("HTTP/1.1 503 "))
        #expect(during.contains(#"{"status":"draining"}"#))
        let work = try await Self.get("/work", port: port)
        #expect(work.hasPrefix("HTTP/1.1 200 ") && !work.contains("Connection: close"))
        #expect(await shutdown.value.isClean)
        #expect(health.serverState == .stopped)
    }

    /// One request on a new connection, as the live transport sends it; the response as text.
    static func get(_ path: String, port: Int) async throws -> String {
        let request = HTTPRequest(method: .get, target: path, headers: ["Host": "a"])
        let bytes = try await LiveExchange.send(LiveExchange.serialize(request, body: []), port: port, method: .get, timeoutSeconds: 3)
        return String(decoding: bytes, as: UTF8.self)
    }
}
