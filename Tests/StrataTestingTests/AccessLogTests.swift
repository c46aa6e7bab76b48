import Strata
import StrataTesting
import Synchronization
import Testing

/// Keeps the events it is given; the live transport writes access lines after the response
/// has left, so a test waits for them.
final class EventRecorder: LogHandler {
    private let events = Mutex<[LogEvent]>([])

    func log(_ event: LogEvent) {
        events.withLock { $0.append(event) }
    }

    /// The events labelled `label`, once there are `count` of them (or after `wait`, as many
    /// as came).
    func events(_ label: String, count: Int, wait: Duration = .seconds(5)) async -> [LogEvent] {
        let deadline = ContinuousClock.now + wait
        while true {
            let found = events.withLock { $0.filter { $0.label == label } }
            if found.count >= count || ContinuousClock.now > deadline { return found }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
}

extension LogEvent {
    /// A field as text, for comparisons.
    subscript(_ key: String) -> String? { metadata[key]?.description }
}

@Suite("Access log and request ids")
struct AccessLogTests {
    static func app(_ recorder: EventRecorder, reportError: (@Sendable (ErrorReport) -> Void)? = nil) -> App {
        let signedIn = Guard("signed in", refuses: [.unauthorized]) { request in
            guard request.headers["Authorization"] != nil else { throw HTTPError(.unauthorized) }
        }
        return App(reportError: reportError, logger: Logger(label: "test", handler: recorder), routes: [
            Get("/books/{id:int}") { request in
                let id = try request.parameters.int("id")
                request.logger.info("looking up", metadata: ["id": .integer(id)])
                return ["id": id]
            },
            Get("/stream") { _ in
                StreamingResponse(AsyncStream<String> { continuation in
                    continuation.yield("abc")
                    continuation.yield("defg")
                    continuation.finish()
                })
            },
            Get("/fail") { _ -> String in throw Failure() },
            Router("/private", routes: [Get("/") { _ in "secret" }]).guards(signedIn),
            Router("/health", routes: [Get("/live") { _ in "ok" }]).accessLog(.off).requestIDs(.off),
            Get("/versioned") { _ in "v1" }.etag(ETag("v1")),
        ])
        .accessLog()
        .requestIDs()
    }

    struct Failure: Error {}

    @Test(arguments: TestTransport.allCases)
    func eachRequestGetsOneLineWithItsFields(transport: TestTransport) async throws {
        let recorder = EventRecorder()
        try await TestClient.run(Self.app(recorder), transport: transport) { client in
            let response = try await client.get("/books/7?token=secret", headers: ["X-Request-ID": "req-42"])
            #expect(response.status == .ok && response.headers["X-Request-ID"] == "req-42")
            let lines = await recorder.events("strata.access", count: 1)
            try #require(lines.count == 1)
            let line = lines[0]
            #expect(line.message == "GET /books/7 200" && line.level == .info)
            #expect(line["method"] == "GET" && line["path"] == "/books/7" && line["route"] == "/books/{id:int}")
            #expect(line["status"] == "200" && line["bytes"] == String(response.body.count) && line["request_id"] == "req-42")
            #expect(line["client"] == "127.0.0.1" && line["incomplete"] == nil)
            #expect(line.metadata["duration_ms"].map { if case .double(let ms) = $0 { ms >= 0 && ms < 5000 } else { false } } == true)
            // The query (tokens live there) is not logged.
            #expect(!line.metadata.contains { $0.value.description.contains("secret") })
            // The handler's own event carries the request's id.
            let own = await recorder.events("test", count: 1)
            #expect(own.first?.message == "looking up" && own.first?["request_id"] == "req-42" && own.first?["id"] == "7")
        }
    }

    @Test(arguments: TestTransport.allCases)
    func aStreamIsLoggedWithTheBytesItProduced(transport: TestTransport) async throws {
        let recorder = EventRecorder()
        try await TestClient.run(Self.app(recorder), transport: transport) { client in
            #expect(try await client.get("/stream").text == "abcdefg")
            let line = try #require(await recorder.events("strata.access", count: 1).first)
            #expect(line["status"] == "200" && line["bytes"] == "7" && line["incomplete"] == nil)
        }
    }

    /// A client that leaves during a stream: the line says so, with the bytes sent by then.
    @Test(arguments: TestTransport.allCases)
    func aDepartedClientIsLoggedAsIncomplete(transport: TestTransport) async throws {
        let recorder = EventRecorder()
        let app = App(logger: Logger(label: "test", handler: recorder), routes: [
            Get("/endless") { _ in
                StreamingResponse(AsyncStream<String> { continuation in
                    continuation.yield("first")
                    // Never finishes: only the client's departure ends it.
                })
            },
        ]).accessLog()
        try await TestClient.run(app, transport: transport) { client in
            let first = try await client.stream("/endless") { response in try await response.nextChunk() }
            #expect(first.map { String(decoding: $0, as: UTF8.self) } == "first")
            let line = try #require(await recorder.events("strata.access", count: 1).first)
            #expect(line["incomplete"] == "true" && line["bytes"] == "5" && line["status"] == "200")
        }
    }

    /// Refusals have ids and lines too: ids are given before guards, and 404s are the app's.
    @Test(arguments: TestTransport.allCases)
    func refusalsAndUnknownPathsAreLoggedWithIds(transport: TestTransport) async throws {
        let recorder = EventRecorder()
        try await TestClient.run(Self.app(recorder), transport: transport) { client in
            let refused = try await client.get("/private/")
            #expect(refused.status == .unauthorized)
            let id = try #require(refused.headers["X-Request-ID"])
            #expect(id.count == 32 && id.allSatisfy(\.isHexDigit))
            let missing = try await client.get("/nowhere")
            #expect(missing.status == .notFound && missing.headers["X-Request-ID"] != nil && missing.headers["X-Request-ID"] != id)
            let lines = await recorder.events("strata.access", count: 2)
            #expect(lines.map { $0["status"] } == ["401", "404"])
            #expect(lines.first?["request_id"] == id && lines.last?["route"] == nil)
        }
    }

    @Test(arguments: TestTransport.allCases)
    func aRouterCanSwitchBothOff(transport: TestTransport) async throws {
        let recorder = EventRecorder()
        try await TestClient.run(Self.app(recorder), transport: transport) { client in
            let health = try await client.get("/health/live", headers: ["X-Request-ID": "probe"])
            #expect(health.status == .ok && health.headers["X-Request-ID"] == nil)
            _ = try await client.get("/books/1")
            // The second request's line is there, and it is the only one.
            let lines = await recorder.events("strata.access", count: 2, wait: .milliseconds(300))
            #expect(lines.map(\.message) == ["GET /books/1 200"])
        }
    }

    /// An incoming id is echoed only when it is a plain token; anything else is replaced.
    @Test(arguments: TestTransport.allCases)
    func invalidIncomingIdsAreReplaced(transport: TestTransport) async throws {
        let recorder = EventRecorder()
        try await TestClient.run(Self.app(recorder), transport: transport) { client in
            for hostile in ["a b", "x\"y", String(repeating: "a", count: 201), "é", "<script>"] {
                let id = try await client.get("/books/1", headers: ["X-Request-ID": hostile]).headers["X-Request-ID"]
                #expect(id != hostile && id?.count == 32, "\(hostile)")
            }
            let kept = "0af7651916cd43dd8448eb211c80319c:span/1=@+-_."
            #expect(try await client.get("/books/1", headers: ["X-Request-ID": kept]).headers["X-Request-ID"] == kept)
        }
    }

    @Test func anIdFromAnUntrustedClientCanBeIgnored() async throws {
        let app = App(routes: [Get("/") { request in request.requestID ?? "" }]).requestIDs(RequestIDs(header: "X-Trace", acceptsIncoming: false))
        try await TestClient.run(app) { client in
            let response = try await client.get("/", headers: ["X-Trace": "chosen-by-client"])
            #expect(response.headers["X-Trace"] == response.text && response.text.count == 32)
        }
    }

    /// A 304 drops most fields (RFC 9110 §15.4.5) but keeps the id.
    @Test(arguments: TestTransport.allCases)
    func notModifiedKeepsTheId(transport: TestTransport) async throws {
        let recorder = EventRecorder()
        try await TestClient.run(Self.app(recorder), transport: transport) { client in
            let response = try await client.get("/versioned", headers: ["If-None-Match": #""v1""#, "X-Request-ID": "r304"])
            #expect(response.status == .notModified && response.headers["X-Request-ID"] == "r304")
            let line = try #require(await recorder.events("strata.access", count: 1).first)
            #expect(line["status"] == "304" && line["bytes"] == "0")
        }
    }

    /// Without a `reportError`, a handler's unexpected error is an `error` event of the app's
    /// logger, with the request's route.
    @Test(arguments: TestTransport.allCases)
    func errorReportsAreLogged(transport: TestTransport) async throws {
        let recorder = EventRecorder()
        try await TestClient.run(Self.app(recorder), transport: transport) { client in
            #expect(try await client.get("/fail").status == .internalServerError)
            let report = try #require(await recorder.events("test", count: 1).first)
            #expect(report.level == .error && report.message == "handler failed")
            #expect(report["route"] == "GET /fail" && report["error"] == "Failure()")
        }
        // A reportError of the app's own gets them instead.
        let reports = Mutex<[String]>([])
        let quiet = EventRecorder()
        try await TestClient.run(Self.app(quiet, reportError: { report in reports.withLock { $0.append(report.description) } })) { client in
            _ = try await client.get("/fail")
        }
        #expect(reports.withLock { $0 } == ["strata: handler failed in GET /fail: Failure()"])
        #expect(await quiet.events("test", count: 1, wait: .milliseconds(200)).isEmpty)
    }

    @Test func aLoggerAboveTheAccessLevelWritesNoLines() async throws {
        let recorder = EventRecorder()
        let app = App(logger: Logger(label: "test", level: .warning, handler: recorder), routes: [Get("/") { _ in "hi" }]).accessLog()
        try await TestClient.run(app) { client in
            _ = try await client.get("/")
        }
        let debug = EventRecorder()
        let verbose = App(logger: Logger(label: "test", level: .debug, handler: debug), routes: [Get("/") { _ in "hi" }]).accessLog(.on(level: .debug))
        try await TestClient.run(verbose) { client in
            _ = try await client.get("/")
        }
        #expect(await recorder.events("strata.access", count: 1, wait: .milliseconds(200)).isEmpty)
        #expect(await debug.events("strata.access", count: 1).map(\.level) == [.debug])
    }

    @Test func anInvalidIdFieldNameIsABuildError() {
        #expect {
            try App(routes: [Get("/") { _ in "" }]).requestIDs(RequestIDs(header: "X Request")).build()
        } throws: { error in
            "\(error)".contains("requestIDs:") && "\(error)".contains("X Request")
        }
    }
}
