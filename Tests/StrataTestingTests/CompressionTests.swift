import Foundation
import Strata
@testable import StrataHTTP
import StrataTesting
import Testing

/// Responses compressed as RFC 9110 §8.4 and §12.5.3 say, checked by decompressing them:
/// lengths, HEAD, validators and ranges stay right.
@Suite("Compression")
struct CompressionTests {
    struct Book: Codable, Sendable, Equatable {
        let id: Int
        let title: String
        let summary: String
    }

    /// About 2 KB of JSON, the bench's size.
    static let books = (1...20).map { Book(id: $0, title: "Book \($0)", summary: "A story of layers, policies and the resolver that merges them.") }

    static func app(_ compression: Compression = Compression(), directory: String = NSTemporaryDirectory()) -> App {
        App(routes: [
            Get("/books") { _ in books },
            Get("/tiny") { _ in ["ok": true] },
            Get("/tagged") { _ in books }.etag(ETag("v1")),
            Put("/tagged") { _ in "stored" }.etag(ETag("v1")),
            Get("/computed") { _ in books }.computesETag(),
            Get("/weak") { _ in Response(status: .ok, headers: ["ETag": #"W/"w1""#, "Content-Type": "application/json"], body: Array(String(repeating: "[1]", count: 400).utf8)) },
            Get("/png") { _ in Response(status: .ok, headers: ["Content-Type": "image/png"], body: [UInt8](repeating: 7, count: 4000)) },
            Get("/encoded") { _ in Response(status: .ok, headers: ["Content-Type": "text/plain", "Content-Encoding": "gzip"], body: [1, 2, 3]) },
            Get("/events") { _ in
                ServerSentEvents(AsyncStream<ServerSentEvent> { continuation in
                    continuation.yield(ServerSentEvent(data: "one"))
                    continuation.yield(ServerSentEvent(data: String(repeating: "two ", count: 300)))
                    continuation.finish()
                })
            },
            Get("/file") { _ in File(directory + "/strata-compression.txt", disposition: .inline, mediaType: .plainText) },
            Router("/plain", routes: [Get("/books") { _ in books }]).compression(.off),
        ])
        .compression(compression)
    }

    static func decoded(_ response: TestResponse) throws -> [UInt8] {
        guard let coding = response.headers["Content-Encoding"].flatMap(ContentCoding.init(rawValue:)) else { return response.body }
        return try Decompressor.decompress(response.body, coding: coding)
    }

    @Test(arguments: TestTransport.allCases)
    func jsonIsCompressedInThePreferredCoding(transport: TestTransport) async throws {
        try await TestClient.run(Self.app(), transport: transport) { client in
            let plain = try await client.get("/books")
            #expect(plain.headers["Content-Encoding"] == nil && plain.headers["Vary"] == "Accept-Encoding")
            #expect(plain.body.count > 1500)
            for (accept, expected) in [("gzip", "gzip"), ("gzip;q=0.5, deflate", "deflate"), ("deflate;q=0.2, x-gzip;q=0.3", "gzip")]
                + (ContentCoding.brotli.isAvailable ? [("gzip, deflate, br", "br")] : []) {
                let response = try await client.get("/books", headers: ["Accept-Encoding": accept])
                #expect(response.status == .ok && response.headers["Content-Encoding"] == expected, "\(accept)")
                #expect(response.headers["Vary"] == "Accept-Encoding")
                #expect(response.headers["Content-Length"] == String(response.body.count) && response.body.count < plain.body.count / 3)
                #expect(try Self.decoded(response) == plain.body, "\(accept)")
                #expect(response.headers["Content-Type"] == plain.headers["Content-Type"])
            }
        }
    }

    @Test(arguments: TestTransport.allCases)
    func whatIsNotCompressed(transport: TestTransport) async throws {
        try await TestClient.run(Self.app(), transport: transport) { client in
            let gzip: HTTPHeaders = ["Accept-Encoding": "gzip"]
            // Under the minimum size: identity, but the answer still varies.
            let tiny = try await client.get("/tiny", headers: gzip)
            #expect(tiny.headers["Content-Encoding"] == nil && tiny.headers["Vary"] == "Accept-Encoding" && tiny.text == #"{"ok":true}"#)
            // Compressed already: untouched, and it does not vary.
            let png = try await client.get("/png", headers: gzip)
            #expect(png.headers["Content-Encoding"] == nil && png.headers["Vary"] == nil && png.body.count == 4000)
            // A coding of the handler's own.
            let own = try await client.get("/encoded", headers: gzip)
            #expect(own.headers["Content-Encoding"] == "gzip" && own.body == [1, 2, 3])
            // Switched off below.
            let off = try await client.get("/plain/books", headers: gzip)
            #expect(off.headers["Content-Encoding"] == nil && off.headers["Vary"] == nil)
            // Nothing the server offers is accepted, identity is: identity.
            let other = try await client.get("/books", headers: ["Accept-Encoding": "compress, zstd"])
            #expect(other.status == .ok && other.headers["Content-Encoding"] == nil)
        }
    }

    /// RFC 9110 §12.5.3: 406 only when identity is refused too; with a coding accepted, even a
    /// body under the minimum size is compressed rather than refused.
    @Test(arguments: TestTransport.allCases)
    func identityRefused(transport: TestTransport) async throws {
        try await TestClient.run(Self.app(), transport: transport) { client in
            let refused = try await client.get("/books", headers: ["Accept-Encoding": "compress, identity;q=0"])
            #expect(refused.status == .notAcceptable && refused.headers["Vary"] == "Accept-Encoding")
            #expect(refused.text.contains("gzip") && refused.headers["Content-Type"] == "application/problem+json")
            let star = try await client.get("/books", headers: ["Accept-Encoding": "*;q=0"])
            #expect(star.status == .notAcceptable)
            let tiny = try await client.get("/tiny", headers: ["Accept-Encoding": "gzip, identity;q=0"])
            #expect(tiny.headers["Content-Encoding"] == "gzip")
            #expect(try Self.decoded(tiny) == Array(#"{"ok":true}"#.utf8))
        }
    }

    @Test(arguments: TestTransport.allCases)
    func headAnnouncesTheCompressedLength(transport: TestTransport) async throws {
        try await TestClient.run(Self.app(), transport: transport) { client in
            let get = try await client.get("/books", headers: ["Accept-Encoding": "gzip"])
            let head = try await client.head("/books", headers: ["Accept-Encoding": "gzip"])
            #expect(head.status == .ok && head.body.isEmpty)
            #expect(head.headers["Content-Encoding"] == "gzip" && head.headers["Content-Length"] == String(get.body.count))
        }
    }

    /// A strong tag gets the coding's suffix; conditional requests accept either form, so a
    /// client's cached copy — compressed or not — still gets its 304, and an update built from
    /// a compressed GET still matches.
    @Test(arguments: TestTransport.allCases)
    func strongTagsAreSuffixedAndStillMatch(transport: TestTransport) async throws {
        try await TestClient.run(Self.app(), transport: transport) { client in
            let gzip = try await client.get("/tagged", headers: ["Accept-Encoding": "gzip"])
            #expect(gzip.headers["ETag"] == #""v1-gzip""#)
            #expect(try await client.get("/tagged").headers["ETag"] == #""v1""#)
            for held in [#""v1-gzip""#, #""v1""#, #""v1-deflate""#] {
                let revalidated = try await client.get("/tagged", headers: ["Accept-Encoding": "gzip", "If-None-Match": held])
                #expect(revalidated.status == .notModified && revalidated.headers["ETag"] == #""v1-gzip""#, "\(held)")
                #expect(revalidated.headers["Vary"] == "Accept-Encoding" && revalidated.body.isEmpty)
            }
            let identity = try await client.get("/tagged", headers: ["If-None-Match": #""v1-gzip""#])
            #expect(identity.status == .notModified && identity.headers["ETag"] == #""v1""#)
            #expect(try await client.get("/tagged", headers: ["Accept-Encoding": "gzip", "If-None-Match": #""v2-gzip""#]).status == .ok)
            // If-Match compares strongly, and the compressed tag names the same state.
            #expect(try await client.put("/tagged", headers: ["If-Match": #""v1-gzip""#]).status == .ok)
            #expect(try await client.put("/tagged", headers: ["If-Match": #""v2-gzip""#]).status == .preconditionFailed)
            // A computed tag is of the uncompressed content, then suffixed.
            let computed = try await client.get("/computed", headers: ["Accept-Encoding": "deflate"])
            let plainTag = try #require(try await client.get("/computed").headers["ETag"])
            #expect(computed.headers["ETag"] == String(plainTag.dropLast()) + #"-deflate""#)
            // Weak tags already mean "equivalent": unchanged.
            let weak = try await client.get("/weak", headers: ["Accept-Encoding": "gzip"])
            #expect(weak.headers["Content-Encoding"] == "gzip" && weak.headers["ETag"] == #"W/"w1""#)
        }
    }

    /// Each event is flushed: the first decodes before the stream has ended.
    @Test(arguments: TestTransport.allCases)
    func serverSentEventsAreFlushedPerEvent(transport: TestTransport) async throws {
        try await TestClient.run(Self.app(), transport: transport) { client in
            try await client.stream("/events", headers: ["Accept-Encoding": "gzip"]) { response in
                #expect(response.headers["Content-Encoding"] == "gzip" && response.headers["Content-Type"] == "text/event-stream")
                var received: [UInt8] = []
                while !(String(decoding: (try? Decompressor.decompress(received, coding: .gzip, allowingTruncation: true)) ?? [], as: UTF8.self)
                    .contains("data: one\n\n")) {
                    guard let chunk = try await response.nextChunk() else { Issue.record("the stream ended before its first event decoded"); return }
                    received += chunk
                }
                while let chunk = try await response.nextChunk() { received += chunk }
                let text = String(decoding: try Decompressor.decompress(received, coding: .gzip), as: UTF8.self)
                #expect(text == "data: one\n\ndata: \(String(repeating: "two ", count: 300))\n\n")
            }
        }
    }

    /// A file keeps `sendfile` and its ranges unless the policy asks; asked, it is compressed
    /// whole and announces no ranges. A 206 is never compressed.
    @Test(arguments: TestTransport.allCases)
    func filesAndRanges(transport: TestTransport) async throws {
        let directory = NSTemporaryDirectory() + "strata-compression-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let content = Array(String(repeating: "line of a log file\n", count: 3000).utf8)
        try Data(content).write(to: URL(fileURLWithPath: directory + "/strata-compression.txt"))
        try await TestClient.run(Self.app(directory: directory), transport: transport) { client in
            let sent = try await client.get("/file", headers: ["Accept-Encoding": "gzip"])
            #expect(sent.headers["Content-Encoding"] == nil && sent.body == content && sent.headers["Accept-Ranges"] == "bytes")
            let range = try await client.get("/file", headers: ["Accept-Encoding": "gzip", "Range": "bytes=0-9"])
            #expect(range.status == .partialContent && range.headers["Content-Encoding"] == nil && range.text == "line of a ")
        }
        try await TestClient.run(Self.app(Compression(compressesFiles: true), directory: directory), transport: transport) { client in
            let compressed = try await client.get("/file", headers: ["Accept-Encoding": "gzip"])
            #expect(compressed.headers["Content-Encoding"] == "gzip" && compressed.headers["Accept-Ranges"] == nil)
            #expect(compressed.body.count < content.count / 20)
            #expect(try Self.decoded(compressed) == content)
            let tag = try #require(compressed.headers["ETag"])
            #expect(tag.hasSuffix(#"-gzip""#) || tag.hasPrefix("W/"))
            let range = try await client.get("/file", headers: ["Accept-Encoding": "gzip", "Range": "bytes=0-9"])
            #expect(range.status == .partialContent && range.headers["Content-Encoding"] == nil)
        }
    }

    @Test func invalidPoliciesAreBuildErrors() {
        let bad = Compression(minimumSize: -1, level: 0, brotliQuality: 12, mediaTypes: ["text/*", "json", "application/*+"])
        #expect {
            try Self.app(bad).build()
        } throws: { error in
            let message = "\(error)"
            return ["\"json\"", "\"application/*+\"", "level 0", "brotliQuality 12", "minimumSize -1"].allSatisfy(message.contains)
                && !message.contains("\"text/*\"")
        }
    }
}
