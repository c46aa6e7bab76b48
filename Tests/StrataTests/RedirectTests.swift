import Synchronization
import Strata
import StrataTesting
import Testing

@Suite("Redirects")
struct RedirectTests {
    @Test func defaultIs302WithLocation() async throws {
        let app = App(routes: [Get("/old") { _ in Redirect(to: "/new?tab=2") }])
        let response = try await TestClient(app).get("/old")
        #expect(response.status == .found)
        #expect(response.headers["Location"] == "/new?tab=2")
        #expect(response.body.isEmpty)
    }

    @Test(arguments: Redirect.Status.allCases)
    func everyRedirectStatus(status: Redirect.Status) async throws {
        let app = App(routes: [Post("/r") { _ in Redirect(to: "https://example.com/a", status: status) }])
        let response = try await TestClient(app).post("/r")
        #expect(response.status.code == status.rawValue)
        #expect(response.headers["Location"] == "https://example.com/a")
    }

    @Test func aDeclaredRedirectStatusWins() async throws {
        let app = App(routes: [Get("/r", status: .permanentRedirect) { _ in Redirect(to: "/x") }])
        #expect(try await TestClient(app).get("/r").status == .permanentRedirect)
    }

    @Test func anotherDeclaredStatusFailsTheBuild() {
        #expect {
            _ = try App(routes: [Get("/r", status: .ok) { _ in Redirect(to: "/x") }]).build()
        } throws: { error in
            (error as? AppBuildError)?.problems.map(\.description) == ["GET /r: declares status 200 OK, but a Redirect's status must be 301, 302, 303, 307 or 308"]
        }
    }

    @Test(arguments: [
        ("/a b", "/a%20b"),
        ("/café?q=ü", "/caf%C3%A9?q=%C3%BC"),
        ("/already%20encoded", "/already%20encoded"),
        ("/100%", "/100%25"),
        ("/path?x=1&y=2#frag", "/path?x=1&y=2#frag"),
        ("https://example.com/a?b=[1]", "https://example.com/a?b=[1]"),
        ("../up", "../up"),
        ("/quote\"<tag>", "/quote%22%3Ctag%3E"),
        ("/evil\r\nSet-Cookie: x=1", "/evil%0D%0ASet-Cookie:%20x=1"),
    ])
    func locationEncoding(location: String, expected: String) {
        #expect(Redirect.encodeLocation(location) == expected)
    }

    @Test func aRedirectCarriesTheRoutesLayers() async throws {
        let app = App(routes: [Get("/r") { _ in Redirect(to: "/x") }]).headers(["X-App": "1"])
        #expect(try await TestClient(app).get("/r").headers["X-App"] == "1")
    }
}

@Suite("Streams")
struct StreamTests {
    @Test(arguments: TestTransport.allCases)
    func textStreamsAreChunkedAndCollected(transport: TestTransport) async throws {
        let app = App(routes: [Get("/s") { _ in StreamingResponse(["a", "", "bc", "def"]) }])
        try await TestClient.run(app, transport: transport) { client in
            let response = try await client.get("/s")
            #expect(response.status == .ok)
            #expect(response.headers["Content-Type"] == "text/plain; charset=utf-8")
            #expect(response.headers["Transfer-Encoding"] == "chunked")
            #expect(response.headers["Content-Length"] == nil)
            #expect(response.text == "abcdef")
        }
    }

    @Test func theHandlersMediaTypeApplies() async throws {
        let app = App(routes: [Get("/csv", mediaType: MediaType("text/csv")!) { _ in StreamingResponse(["a,b\n", "1,2\n"]) }])
        let response = try await TestClient(app).get("/csv")
        #expect(response.headers["Content-Type"] == "text/csv; charset=utf-8")
        #expect(response.text == "a,b\n1,2\n")
    }

    @Test(arguments: TestTransport.allCases)
    func anEndlessStreamCanBeReadAndLeft(transport: TestTransport) async throws {
        let counters = StopFlag()
        let app = App(routes: [Get("/ticks") { _ in
            StreamingResponse(AsyncStream<String> { continuation in
                continuation.onTermination = { _ in counters.set() }
                Task {
                    var tick = 0
                    while !counters.isSet {
                        continuation.yield("tick \(tick)\n")
                        tick += 1
                        try? await Task.sleep(for: .milliseconds(2))
                    }
                }
            })
        }])
        try await TestClient.run(app, transport: transport) { client in
            let text = try await client.stream("/ticks") { response in
                var received = ""
                while !received.contains("tick 3\n"), let chunk = try await response.nextChunk() {
                    received += String(decoding: chunk, as: UTF8.self)
                }
                return received
            }
            #expect(text.hasPrefix("tick 0\ntick 1\n"))
            for _ in 0..<100 where !counters.isSet { try await Task.sleep(for: .milliseconds(20)) }
            #expect(counters.isSet)
        }
    }

    @Test func bytesStreams() async throws {
        let app = App(routes: [Get("/b") { _ in StreamingResponse([[1, 2], [3]] as [[UInt8]]) }])
        let response = try await TestClient(app).get("/b")
        #expect(response.headers["Content-Type"] == "application/octet-stream")
        #expect(response.body == [1, 2, 3])
    }
}

/// A flag set once, readable from anywhere.
final class StopFlag: Sendable {
    private let flag = Mutex(false)
    var isSet: Bool { flag.withLock { $0 } }
    func set() { flag.withLock { $0 = true } }
}

@Suite("Pagination")
struct PaginationTests {
    struct Numbers: Paginator {
        let all = Array(1...23)
        func total() throws -> Int { all.count }
        func items(limit: Int, offset: Int) throws -> [Int] { Array(all.dropFirst(offset).prefix(limit)) }
    }

    struct Letters: CursorPaginator {
        let all = Array("abcdefg").map(String.init)
        func items(after cursor: String?, limit: Int) throws -> (items: [String], next: String?) {
            let start = cursor.flatMap { all.firstIndex(of: $0) }.map { $0 + 1 } ?? 0
            let page = Array(all.dropFirst(start).prefix(limit))
            return (page, start + limit < all.count ? page.last : nil)
        }
    }

    @Test func classicJSONMatchesLitestar() async throws {
        let app = App(routes: [Get("/n") { request in try Numbers().page(size: 10, number: Int(request.query["page"] ?? "1") ?? 1) }])
        let response = try await TestClient(app).get("/n?page=3")
        #expect(response.text == #"{"items":[21,22,23],"page_size":10,"current_page":3,"total_pages":3}"#)
    }

    @Test func offsetJSONMatchesLitestar() throws {
        let page = try Numbers().slice(limit: 2, offset: 5)
        #expect(String(decoding: try JSONValueEncoder().encode(page), as: UTF8.self) == #"{"items":[6,7],"limit":2,"offset":5,"total":23}"#)
    }

    @Test func cursorJSONMatchesLitestar() throws {
        let first = try Letters().page(after: nil, resultsPerPage: 3)
        #expect(String(decoding: try JSONValueEncoder().encode(first), as: UTF8.self) == #"{"items":["a","b","c"],"results_per_page":3,"cursor":"c"}"#)
        let last = try Letters().page(after: "f", resultsPerPage: 3)
        #expect(String(decoding: try JSONValueEncoder().encode(last), as: UTF8.self) == #"{"items":["g"],"results_per_page":3,"cursor":null}"#)
    }

    @Test func asyncPaginators() async throws {
        struct Remote: AsyncPaginator {
            func total() async throws -> Int { 5 }
            func items(limit: Int, offset: Int) async throws -> [String] { Array(["a", "b", "c", "d", "e"].dropFirst(offset).prefix(limit)) }
        }
        let page = try await Remote().page(size: 2, number: 2)
        #expect(page.items == ["c", "d"] && page.totalPages == 3)
    }
}
