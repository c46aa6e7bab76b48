import Strata
import StrataTesting
import Synchronization
import Testing

/// Routes that read their content as it arrives: `.streamingRequestBody()` and
/// `request.bodyStream`, on both transports.
@Suite("Streaming request bodies")
struct StreamingRequestBodyTests {
    static let app = App(routes: [
        Post("/count") { request in
            var total = 0, chunks = 0
            for try await chunk in request.bodyStream {
                total += chunk.count
                chunks += 1
            }
            return "\(total) bytes, body \(request.body.count)"
        }
        .streamingRequestBody(),
        Post("/collected") { request in
            var total = 0
            for try await chunk in request.bodyStream { total += chunk.count }
            return "\(total) of \(request.body.count)"
        },
    ])
    .requestBodyLimit(1_000_000)

    @Test(arguments: TestTransport.allCases)
    func aStreamingRouteReadsTheContentItself(transport: TestTransport) async throws {
        try await TestClient.run(Self.app, transport: transport) { client throws in
            let upload = [UInt8](repeating: 0x78, count: 600_000)
            #expect(try await client.post("/count", body: .bytes(upload)).text == "600000 bytes, body 0")
            // Another route's content was collected; its stream is that one chunk.
            #expect(try await client.post("/collected", body: .text("abc")).text == "3 of 3")
        }
    }

    @Test(arguments: TestTransport.allCases)
    func aStreamPastTheRoutesLimitIs413(transport: TestTransport) async throws {
        try await TestClient.run(Self.app, transport: transport) { client throws in
            let response = try await client.post("/count", body: .bytes([UInt8](repeating: 0, count: 1_000_001)))
            #expect(response.status == .contentTooLarge)
            #expect(response.text.contains("limit of 1000000 bytes"))
        }
    }

    @Test func aStreamingRouteCannotAlsoDecodeItsBody() {
        struct Book: Codable, Sendable { let title: String }
        #expect {
            try App(routes: [Post("/books", .body(Book.self)) { _, book in book.title }.streamingRequestBody()]).build()
        } throws: { error in
            "\(error)".contains("POST /books: streams its request body but also declares body")
        }
    }
}
