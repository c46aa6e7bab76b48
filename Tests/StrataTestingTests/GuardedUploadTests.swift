import Foundation
import Glibc
import Strata
@testable import StrataTesting
import Testing

/// Guards run on the head, before the content is read: on the real server, a refused upload
/// is neither asked for nor read.
@Suite("A guard refuses an upload on its head", .serialized)
struct GuardedUploadTests {
    static func app(reads: Sightings) -> App {
        App(routes: [
            Post("/upload") { request in reads.tasks.withLock { $0.append("handler") }; return request.body.count }
                .guarded("signed in", refuses: [.unauthorized]) { request in
                    guard request.headers["Authorization"] == "Bearer ok" else {
                        throw HTTPError(.unauthorized, headers: ["WWW-Authenticate": "Bearer"])
                    }
                },
        ])
    }

    /// The first response on `fd`, read until the blank line and its announced content.
    static func readResponse(_ fd: Int32) -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 1 << 16 {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            bytes += buffer[..<count]
            let text = String(decoding: bytes, as: UTF8.self)
            if let end = text.range(of: "\r\n\r\n"), text.contains("HTTP/1.1 4") {
                let length = text[..<end.lowerBound].split(separator: "\r\n")
                    .first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                if text.utf8.count - text[..<end.upperBound].utf8.count >= length { break }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func aClientWaitingFor100GetsTheRefusalInstead() async throws {
        let reads = Sightings()
        let client = try TestClient(Self.app(reads: reads), transport: .live)
        let port = try #require(client.live?.port)
        let head = "POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 104857600\r\nExpect: 100-continue\r\n\r\n"
        let fd = try LiveExchange.connectAndSend(Array(head.utf8), port: port, timeoutSeconds: 5)
        defer { close(fd) }
        let response = Self.readResponse(fd)
        #expect(response.hasPrefix("HTTP/1.1 401 Unauthorized\r\n"))
        #expect(!response.contains("100 Continue"))
        #expect(response.contains("WWW-Authenticate: Bearer\r\n"))
        #expect(response.contains("Connection: close\r\n"))
        await client.shutdown()
        #expect(reads.tasks.withLock { $0 }.isEmpty)
    }

    @Test func a100MBUploadRefusedByAGuardIsNotRead() async throws {
        let reads = Sightings()
        let client = try TestClient(Self.app(reads: reads), transport: .live)
        let port = try #require(client.live?.port)
        let total = 100 << 20
        let head = "POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: \(total)\r\n\r\n"
        let fd = try LiveExchange.connectAndSend(Array(head.utf8), port: port, timeoutSeconds: 3)
        defer { close(fd) }
        #expect(Self.readResponse(fd).hasPrefix("HTTP/1.1 401 Unauthorized\r\n"))
        // Now push the content as a careless client would, until the server stops taking it.
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 16)
        var accepted = 0
        while accepted < total {
            let sent = chunk.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { break }
            accepted += sent
        }
        // What the kernel buffers on both sides (a few MB on loopback) plus the 1 MiB a
        // closing connection reads — not the 100 MB.
        #expect(accepted < 16 << 20, "the client could send \(accepted) bytes")
        await client.shutdown()
        #expect(reads.tasks.withLock { $0 }.isEmpty)
    }
}
