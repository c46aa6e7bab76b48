import Dispatch
import Foundation
@testable import StrataHTTP
import Glibc
import Synchronization
import Testing

/// A request's content handed to its responder chunk by chunk, with the socket read only while
/// a chunk is waited for.
@Suite("HTTP server: content as a stream", .serialized)
struct HTTPServerBodyStreamTests {
    /// What a streaming responder saw: the bytes, the chunks, the largest chunk, the error.
    final class Seen: Sendable {
        let state = Mutex<(bytes: Int, chunks: Int, largest: Int, error: String?)>((0, 0, 0, nil))
    }

    /// Sums the chunks of the content within `limit`, after waiting for `gate` past the first.
    static func summing(_ seen: Seen, limit: Int = 1 << 30, gate: AsyncStream<Void>? = nil) -> EchoResponder {
        EchoResponder(handler: { request in
            var first = true
            do {
                for try await chunk in request.body.chunks(upTo: limit) {
                    seen.state.withLock { $0.bytes += chunk.count; $0.chunks += 1; $0.largest = max($0.largest, chunk.count) }
                    if first, let gate {
                        first = false
                        for await _ in gate { break }
                    }
                }
            } catch {
                seen.state.withLock { $0.error = "\(error)" }
                return HTTPResponse(status: .contentTooLarge, body: .bytes(Array("\(error)".utf8)))
            }
            let total = seen.state.withLock { $0.bytes }
            return HTTPResponse(status: .ok, body: .bytes(Array("got \(total)".utf8)))
        })
    }

    @Test func aLengthDelimitedContentComesInChunksThatAddUp() async throws {
        let seen = Seen()
        try await withServer(responder: Self.summing(seen)) { _, port in
            let connection = try RawConnection(port: port)
            connection.send("POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n01234")
            try await Task.sleep(for: .milliseconds(50))
            connection.send("56789GET /next HTTP/1.1\r\nHost: a\r\n\r\n")
            let responses = await connection.readResponses(2)
            #expect(responses.first?.hasSuffix("got 10") == true)
            // The connection goes on: the content was read to its end, no further.
            #expect(responses.count == 2 && responses.first?.contains("Connection: close") == false)
        }
        #expect(seen.state.withLock { $0.chunks } == 2)
    }

    /// A stream iterated to its end gives nothing more, without an error.
    @Test func aSecondIterationFindsNothing() async throws {
        try await withServer(responder: EchoResponder(handler: { request in
            var first = 0, second = 0
            do {
                for try await chunk in request.body.chunks(upTo: 100) { first += chunk.count }
                for try await chunk in request.body.chunks(upTo: 100) { second += chunk.count }
            } catch {
                return HTTPResponse(status: .badRequest, body: .bytes(Array("\(error)".utf8)))
            }
            return HTTPResponse(status: .ok, body: .bytes(Array("\(first)+\(second)".utf8)))
        })) { _, port in
            let connection = try RawConnection(port: port)
            connection.send("POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello")
            #expect(await connection.readResponses(1).first?.hasSuffix("5+0") == true)
        }
    }

    @Test func aChunkedContentIsDecodedAsItComes() async throws {
        let seen = Seen()
        try await withServer(responder: Self.summing(seen)) { _, port in
            let connection = try RawConnection(port: port)
            connection.send("POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
            try await Task.sleep(for: .milliseconds(50))
            connection.send("6\r\n world\r\n0\r\n\r\n")
            #expect(await connection.readResponses(1).first?.hasSuffix("got 11") == true)
        }
    }

    @Test func aStreamStopsAtItsLimit() async throws {
        let seen = Seen()
        try await withServer(responder: Self.summing(seen, limit: 8)) { _, port in
            let connection = try RawConnection(port: port)
            connection.send("POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
            let (text, _) = await connection.readUntilClosed()
            #expect(statusCode(of: text) == 413)
            // A length over the limit is refused before a byte is read.
            let announced = try RawConnection(port: port)
            announced.send("POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 9\r\n\r\n")
            #expect(statusCode(of: await announced.readUntilClosed().text) == 413)
        }
        #expect(seen.state.withLock { $0.error }?.contains("limit of 8 bytes") == true)
    }

    @Test func aClientWaitingFor100IsToldToSendOnTheFirstDemand() async throws {
        let seen = Seen()
        try await withServer(responder: Self.summing(seen)) { _, port in
            let connection = try RawConnection(port: port)
            connection.send("POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n")
            try await Task.sleep(for: .milliseconds(50))
            connection.send("abc")
            let (text, _) = await connection.readUntilClosed()
            #expect(text.hasPrefix("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200"))
            #expect(text.hasSuffix("got 3"))
        }
    }

    /// While the responder holds on to its first chunk, the server reads nothing more: the
    /// upload waits in the socket buffers and then in the client, not in the server's memory.
    @Test func aSlowConsumerHoldsTheUploadBackInTheClient() async throws {
        let seen = Seen()
        let (gate, open) = AsyncStream<Void>.makeStream()
        let total = 32 << 20
        try await withServer(responder: Self.summing(seen, gate: gate)) { _, port in
            let connection = try RawConnection(port: port)
            connection.send("POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: \(total)\r\n\r\n")
            let accepted = await Self.sendUntilBlocked(connection, upTo: total)
            // Loopback buffers hold a few megabytes; the rest of the 32 had nowhere to go.
            #expect(accepted < total / 2, "the client could write \(accepted) bytes while nothing was read")
            open.yield()
            open.finish()
            await Self.sendRest(connection, from: accepted, total: total)
            #expect(await connection.readResponses(1).first?.hasSuffix("got \(total)") == true)
        }
        // No chunk is larger than what one read of the socket brings, plus what was buffered.
        #expect(seen.state.withLock { $0.largest } <= 256 << 10)
    }

    /// Writes `total` bytes of content without blocking, until the socket refuses.
    static func sendUntilBlocked(_ connection: RawConnection, upTo total: Int) async -> Int {
        await connection.sendUntilBlocked([UInt8](repeating: 0x61, count: total))
    }

    /// The rest of the content, written blocking on a Dispatch queue.
    static func sendRest(_ connection: RawConnection, from accepted: Int, total: Int) async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                connection.send([UInt8](repeating: 0x61, count: total - accepted))
                done.resume()
            }
        }
    }
}
