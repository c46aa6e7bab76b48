import Strata
import StrataTesting
import Synchronization
import Testing

@Suite("Server-sent events")
struct ServerSentEventsTests {
    static let app = App(routes: [
        Get("/events") { _ in
            ServerSentEvents([
                ServerSentEvent(data: "first"),
                ServerSentEvent(data: "two\nlines", event: "update", id: "2"),
                ServerSentEvent(retry: 5000, comment: "tuning"),
            ].async)
        },
        Get("/json") { _ in ServerSentEvents(json: [Point(x: 1, y: 2)].async) },
        Get("/strings") { _ in ServerSentEvents(data: ["a", "b"].async) },
    ])

    struct Point: Encodable, Sendable {
        let x: Int
        let y: Int
    }

    @Test(arguments: TestTransport.allCases)
    func exactBytesAndHeaders(transport: TestTransport) async throws {
        try await TestClient.run(Self.app, transport: transport) { client in
            let response = try await client.get("/events")
            #expect(response.headers["Content-Type"] == "text/event-stream")
            #expect(response.headers["Cache-Control"] == "no-cache")
            #expect(response.headers["X-Accel-Buffering"] == "no")
            #expect(response.text == "data: first\n\nevent: update\nid: 2\ndata: two\ndata: lines\n\n: tuning\nretry: 5000\n\n")
        }
    }

    @Test func jsonAndStringData() async throws {
        let client = try TestClient(Self.app)
        #expect(try await client.get("/json").text == "data: {\"x\":1,\"y\":2}\n\n")
        #expect(try await client.get("/strings").text == "data: a\n\ndata: b\n\n")
    }

    @Test(arguments: TestTransport.allCases)
    func theClientReadsAnEndlessStreamEventByEventAndStops(transport: TestTransport) async throws {
        let stopped = StopFlag()
        let app = App(routes: [Get("/clock") { _ in
            ServerSentEvents(AsyncStream<ServerSentEvent> { continuation in
                continuation.onTermination = { _ in stopped.set() }
                Task {
                    var tick = 0
                    while !stopped.isSet {
                        continuation.yield(ServerSentEvent(data: "tick \(tick)", event: "tick", id: "\(tick)"))
                        tick += 1
                        try? await Task.sleep(for: .milliseconds(5))
                    }
                }
            }, keepAlive: .seconds(15))
        }])
        try await TestClient.run(app, transport: transport) { client in
            let events = try await client.stream("/clock") { response in
                var events = response.events()
                var received: [EventStreamParser.Event] = []
                while received.count < 3, let event = try await events.next() { received.append(event) }
                return received
            }
            #expect(events.map(\.data) == ["tick 0", "tick 1", "tick 2"])
            #expect(events.map(\.type) == ["tick", "tick", "tick"])
            #expect(events.last?.lastEventID == "2")
            for _ in 0..<100 where !stopped.isSet { try await Task.sleep(for: .milliseconds(20)) }
            #expect(stopped.isSet)
        }
    }

    @Test func keepAliveCommentsWhenIdle() async throws {
        let app = App(routes: [Get("/idle") { _ in
            ServerSentEvents(AsyncStream<ServerSentEvent> { _ in }, keepAlive: .milliseconds(20))
        }])
        let first = try await TestClient(app).stream("/idle") { response in
            String(decoding: try await response.nextChunk() ?? [], as: UTF8.self)
        }
        #expect(first == ": keep-alive\n\n")
    }
}

extension Array where Element: Sendable {
    /// The elements as an async sequence.
    var async: AsyncStream<Element> {
        AsyncStream { continuation in
            for element in self { continuation.yield(element) }
            continuation.finish()
        }
    }
}

@Suite("Templates")
struct TemplateResponseTests {
    static let engine = try! MustacheEngine(templates: [
        "page": "<h1>{{title}}</h1>\n{{#items}}<li>{{name}}</li>\n{{/items}}{{> footer}}",
        "footer": "<footer>{{site}}</footer>",
    ])

    @Test func rendersHTMLWithEscaping() async throws {
        let app = App(templates: Self.engine, routes: [
            Get("/") { _ in Template("page", context: ["title": "Tom & <Jerry>", "items": [["name": "a"], ["name": "b"]], "site": "strata"]) },
        ])
        let response = try await TestClient(app).get("/")
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(response.text == "<h1>Tom &amp; &lt;Jerry&gt;</h1>\n<li>a</li>\n<li>b</li>\n<footer>strata</footer>")
    }

    @Test func aPostRenderingATemplateIs201() async throws {
        struct Created: Encodable { let title: String; let items: [String]; let site: String }
        let app = App(templates: Self.engine, routes: [
            Post("/") { _ in try Template("page", encoding: Created(title: "made", items: [], site: "s")) },
        ])
        #expect(try await TestClient(app).post("/").status == .created)
    }

    @Test func aTemplateWithoutAnEngineFailsTheBuild() {
        #expect(throws: AppBuildError.self) { _ = try App(routes: [Get("/") { _ in Template("page") }]).build() }
    }

    @Test func aMissingTemplateIsA500ThatNamesItInTheReport() async throws {
        let reports = Mutex<[String]>([])
        let app = App(reportError: { report in reports.withLock { $0.append(report.description) } }, templates: Self.engine,
                      routes: [Get("/") { _ in Template("nope") }])
        #expect(try await TestClient(app).get("/").status == .internalServerError)
        #expect(reports.withLock { $0.first?.contains("no template named \"nope\"") } == true)
    }
}

@Suite("Preconditions")
struct PreconditionTests {
    @Test func aLayersETagStopsAnUnsafeMethodBeforeItRuns() async throws {
        let ran = StopFlag()
        let app = App(routes: [Put("/doc") { _ in ran.set() }.etag(ETag("v2"))])
        let client = try TestClient(app)
        let refused = try await client.put("/doc", headers: ["If-Match": "\"v1\""])
        #expect(refused.status == .preconditionFailed)
        #expect(!ran.isSet)
        #expect(try await client.put("/doc", headers: ["If-Match": "\"v2\""]).status == .ok)
        #expect(ran.isSet)
    }

    @Test func aLayersETagGives304WithoutRunningTheHandler() async throws {
        let ran = StopFlag()
        let app = App(routes: [Get("/doc") { _ in
            ran.set()
            return "body"
        }.etag(ETag("v2")).cacheControl(.maxAge(60)).cookie(Cookie("seen", "1"))])
        let response = try await TestClient(app).get("/doc", headers: ["If-None-Match": "W/\"v2\""])
        #expect(response.status == .notModified)
        #expect(!ran.isSet)
        #expect(response.headers.map(\.name) == ["Date", "Cache-Control", "ETag", "Set-Cookie"])
    }

    @Test func handlersCheckTheirOwnValidators() async throws {
        let app = App(routes: [Put("/doc") { request in
            try request.checkPreconditions(etag: ETag("v3"), lastModified: nil)
            return "replaced"
        }])
        let client = try TestClient(app)
        #expect(try await client.put("/doc", headers: ["If-Match": "\"v2\""]).status == .preconditionFailed)
        #expect(try await client.put("/doc", headers: ["If-Match": "\"v3\""]).text == "replaced")
        #expect(try await client.put("/doc").text == "replaced")
    }

    @Test func ifMatchFailsWithoutValidators() async throws {
        let app = App(routes: [Get("/doc") { _ in "no validators" }])
        let client = try TestClient(app)
        #expect(try await client.get("/doc", headers: ["If-Match": "\"v1\""]).status == .preconditionFailed)
        #expect(try await client.get("/doc", headers: ["If-Match": "*"]).status == .ok)
    }

    @Test func computedETagsMake304sPossible() async throws {
        let app = App(routes: [Get("/doc") { _ in "same bytes, same tag" }]).computesETag()
        let client = try TestClient(app)
        let first = try await client.get("/doc")
        let etag = try #require(first.etag)
        #expect(!etag.isWeak && etag.opaqueTag.count == 32)
        #expect(try await client.get("/doc").etag == etag)
        #expect(try await client.get("/doc", headers: ["If-None-Match": etag.headerValue]).status == .notModified)
    }

    @Test func dynamicValidatorsOnGet() async throws {
        let app = App(routes: [Get("/doc") { _ in
            var response = Response(text: "v9")
            response.etag = ETag("v9")
            response.headers["Last-Modified"] = "Sun, 06 Nov 1994 08:49:37 GMT"
            return response
        }])
        let client = try TestClient(app)
        #expect(try await client.get("/doc", headers: ["If-None-Match": "\"v9\""]).status == .notModified)
        #expect(try await client.get("/doc", headers: ["If-None-Match": "\"v8\""]).status == .ok)
        #expect(try await client.get("/doc", headers: ["If-Modified-Since": "Sun, 06 Nov 1994 08:49:37 GMT"]).status == .notModified)
        #expect(try await client.get("/doc", headers: ["If-Modified-Since": "Sat, 05 Nov 1994 08:49:37 GMT"]).status == .ok)
    }
}
