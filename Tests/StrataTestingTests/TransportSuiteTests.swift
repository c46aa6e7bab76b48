import Foundation
import Strata
import StrataTesting
import Synchronization
import Testing

/// One suite, both transports: what a test sees in process is what a client sees over TCP.
@Suite("Both transports")
struct TransportSuiteTests {
    struct Item: Codable, Sendable, Equatable {
        let id: Int
        let name: String
    }

    static let log = Mutex<[String]>([])

    static func makeApp() -> App {
        App(routes: [
            Get("/") { _ in "home" },
            Router("/api", routes: [
                Router("/items", routes: [
                    Get("/{id:int}") { request in Item(id: try request.parameters.int("id"), name: "thing") },
                    Post { request in try request.decode(Item.self) },
                    Delete("/{id:int}") { _ in },
                    Put("/{id:int}") { request in "\(request.body.count) bytes" },
                ]).cacheControl(.maxAge(30)),
            ]).headers(["X-API": "1"]).cookie(Cookie("api", "seen")),
            Get("/fail") { _ -> String in throw HTTPError(.imATeapot, detail: "short and stout") },
            Get("/work") { request in
                var response = Response(text: "queued")
                let id = request.query["id"] ?? "?"
                response.addBackgroundTask(BackgroundTask { TransportSuiteTests.log.withLock { $0.append(id) } })
                return response
            },
            Post("/small") { request in request.body.count }.requestBodyLimit(8),
        ])
    }

    @Test(arguments: TestTransport.allCases)
    func jsonWithLayers(transport: TestTransport) async throws {
        try await TestClient.run(Self.makeApp(), transport: transport) { client in
            let response = try await client.get("/api/items/7")
            #expect(response.status == .ok)
            #expect(try response.json(Item.self) == Item(id: 7, name: "thing"))
            #expect(response.headers["X-API"] == "1")
            #expect(response.headers["Cache-Control"] == "max-age=30")
            #expect(response.cookie("api")?.value == "seen")
            #expect(client.cookies["api"] == "seen")
        }
    }

    @Test(arguments: TestTransport.allCases)
    func bodiesStatusesAndErrors(transport: TestTransport) async throws {
        try await TestClient.run(Self.makeApp(), transport: transport) { client in
            let created = try await client.post("/api/items", body: .json(Item(id: 1, name: "new")))
            #expect(created.status == .created)
            #expect(try created.json(Item.self).name == "new")
            #expect(try await client.delete("/api/items/1").status == .noContent)
            #expect(try await client.put("/api/items/1", body: .bytes(Array(repeating: 1, count: 5000))).text == "5000 bytes")
            let failed = try await client.get("/fail")
            #expect(failed.status == .imATeapot)
            #expect(failed.text == #"{"type":"about:blank","title":"I'm a teapot","status":418,"detail":"short and stout"}"#)
            #expect(try await client.get("/missing").status == .notFound)
            let wrongMethod = try await client.patch("/api/items/1")
            #expect(wrongMethod.status == .methodNotAllowed)
            #expect(wrongMethod.headers["Allow"] == "GET, HEAD, PUT, DELETE, OPTIONS")
            #expect(try await client.post("/small", body: .bytes(Array(repeating: 0, count: 9))).status == .contentTooLarge)
            #expect(try await client.post("/small", body: .bytes(Array(repeating: 0, count: 8))).text == "8")
        }
    }

    @Test(arguments: TestTransport.allCases)
    func headHasTheFieldsOfGet(transport: TestTransport) async throws {
        try await TestClient.run(Self.makeApp(), transport: transport) { client in
            let get = try await client.get("/api/items/3")
            let head = try await client.head("/api/items/3")
            #expect(head.body.isEmpty)
            #expect(head.headers.filter { $0.name != "Date" } == get.headers.filter { $0.name != "Date" })
        }
    }

    @Test(arguments: TestTransport.allCases)
    func backgroundTasksAreAwaited(transport: TestTransport) async throws {
        let id = UUID().uuidString
        try await TestClient.run(Self.makeApp(), transport: transport) { client in
            _ = try await client.get("/work?id=\(id)")
            #expect(Self.log.withLock { $0.contains(id) })
        }
    }

    /// The example app, byte for byte, but for the `Date` field.
    @Test func transportsAgreeByteForByte() async throws {
        let local = try TestClient(Self.makeApp())
        let remote = try TestClient(Self.makeApp(), transport: .live)
        for target in ["/", "/api/items/5", "/fail", "/missing"] {
            let a = try await local.get(target), b = try await remote.get(target)
            #expect(withoutDate(a.rawBytes) == withoutDate(b.rawBytes), "\(target)")
        }
        await remote.shutdown()
    }

    private func withoutDate(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("Date: ") }.joined(separator: "\r\n")
    }
}
