import Foundation
@testable import StrataHTTP
import Synchronization
import Testing

/// Chunks of `size` bytes counted as they are produced; endless unless `count` is given.
struct CountingChunks: AsyncSequence, Sendable {
    let size: Int
    let count: Int?
    let counters: StreamCounters

    struct AsyncIterator: AsyncIteratorProtocol {
        let owner: CountingChunks
        var index = 0

        mutating func next() async throws -> [UInt8]? {
            if Task.isCancelled {
                owner.counters.cancelled.withLock { $0 = true }
                throw CancellationError()
            }
            if let count = owner.count, index == count { return nil }
            index += 1
            owner.counters.produced.withLock { $0 += 1 }
            return [UInt8](repeating: UInt8(ascii: "a") + UInt8(index % 26), count: owner.size)
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(owner: self) }
}

/// What a producer did, shared with the test.
final class StreamCounters: Sendable {
    let produced = Mutex(0)
    let cancelled = Mutex(false)
}

@Suite("HTTP server: streams and files", .serialized)
struct HTTPServerStreamingTests {
    static func streaming(_ chunks: @escaping @Sendable () -> CountingChunks) -> EchoResponder {
        EchoResponder(handler: { _ in
            var response = HTTPResponse(status: .ok, headers: ["Content-Type": "text/plain"])
            response.body = .stream(HTTPBodyStream(chunks()))
            return response
        })
    }

    @Test func streamsAreChunkedAndKeepTheConnection() async throws {
        let responder = EchoResponder(handler: { request in
            var response = HTTPResponse(status: .ok)
            if request.target == "/stream" {
                response.body = .stream(HTTPBodyStream(["hello ".utf8, "chunked ".utf8, "world".utf8].map(Array.init).async))
            } else {
                response.body = .bytes(Array("plain".utf8))
            }
            return response
        })
        try await withServer(responder: responder) { _, port in
            let connection = try RawConnection(port: port)
            connection.send("GET /stream HTTP/1.1\r\nHost: a\r\n\r\nGET /next HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            let (text, _) = await connection.readUntilClosed()
            #expect(text.contains("Transfer-Encoding: chunked\r\n"))
            #expect(text.contains("\r\n\r\n6\r\nhello \r\n8\r\nchunked \r\n5\r\nworld\r\n0\r\n\r\nHTTP/1.1 200 OK"))
            #expect(text.hasSuffix("plain"))
        }
    }

    @Test func http10StreamsEndWithTheConnection() async throws {
        let counters = StreamCounters()
        try await withServer(responder: Self.streaming { CountingChunks(size: 4, count: 3, counters: counters) }) { _, port in
            let connection = try RawConnection(port: port)
            connection.send("GET / HTTP/1.0\r\n\r\n")
            let (text, closed) = await connection.readUntilClosed()
            #expect(!text.contains("Transfer-Encoding"))
            #expect(text.contains("Connection: close\r\n"))
            #expect(text.hasSuffix("bbbbccccdddd"))
            #expect(closed)
        }
    }

    @Test func anEndlessStreamToAClientThatDoesNotReadStaysBounded() async throws {
        let counters = StreamCounters()
        try await withServer(responder: Self.streaming { CountingChunks(size: 64 * 1024, count: nil, counters: counters) }) { _, port in
            let connection = try RawConnection(port: port)
            connection.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            try await Task.sleep(for: .milliseconds(500))
            let early = counters.produced.withLock { $0 }
            try await Task.sleep(for: .milliseconds(500))
            let later = counters.produced.withLock { $0 }
            // The socket buffers fill and the producer waits: nothing more is made.
            #expect(early == later)
            #expect(later * 64 * 1024 < 64 * 1024 * 1024)
        }
    }

    @Test func aClientThatGoesAwayCancelsTheStream() async throws {
        let counters = StreamCounters()
        try await withServer(responder: Self.streaming { CountingChunks(size: 1024, count: nil, counters: counters) }) { _, port in
            do {
                let connection = try RawConnection(port: port)
                connection.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
                _ = await connection.readResponses(0)
                try await Task.sleep(for: .milliseconds(100))
            }
            // The connection is closed (deinit); the producer must be cancelled soon after.
            for _ in 0..<100 where !counters.cancelled.withLock({ $0 }) {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(counters.cancelled.withLock { $0 })
        }
    }

    @Test func aClientThatGoesAwayEndsAnAsyncStreamsProducer() async throws {
        let counters = StreamCounters()
        let responder = EchoResponder(handler: { _ in
            let (stream, continuation) = AsyncStream<[UInt8]>.makeStream(bufferingPolicy: .bufferingNewest(4))
            continuation.onTermination = { _ in counters.cancelled.withLock { $0 = true } }
            // A producer of its own, as server-sent events have: it ticks until told to stop.
            Task {
                while !counters.cancelled.withLock({ $0 }) {
                    continuation.yield(Array(repeating: UInt8(ascii: "x"), count: 4096))
                    try? await Task.sleep(for: .milliseconds(1))
                }
            }
            var response = HTTPResponse(status: .ok)
            response.body = .stream(HTTPBodyStream(stream))
            return response
        })
        try await withServer(responder: responder) { _, port in
            do {
                let connection = try RawConnection(port: port)
                connection.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
                try await Task.sleep(for: .milliseconds(100))
            }
            for _ in 0..<100 where !counters.cancelled.withLock({ $0 }) {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(counters.cancelled.withLock { $0 })
        }
    }

    @Test func aClientThatHalfClosesAfterContentStillGetsTheWholeStream() async throws {
        let counters = StreamCounters()
        try await withServer(responder: Self.streaming { CountingChunks(size: 1000, count: 20, counters: counters) }) { _, port in
            let connection = try RawConnection(port: port)
            connection.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi")
            connection.halfClose()
            let (text, closed) = await connection.readUntilClosed()
            #expect(text.hasSuffix("\r\n0\r\n\r\n"))
            #expect(counters.produced.withLock { $0 } == 20)
            #expect(closed)
        }
    }

    @Test func aSlowReaderIsNotCutOffWhileItKeepsReading() async throws {
        var configuration = ServerConfiguration(port: 0, eventLoops: 1)
        configuration.idleTimeout = .milliseconds(400)
        let counters = StreamCounters()
        try await withServer(configuration, responder: Self.streaming { CountingChunks(size: 256 * 1024, count: 40, counters: counters) }) { _, port in
            let connection = try RawConnection(port: port, timeout: 5)
            connection.send("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            // 10 MB at about 2.5 MB/s: four times the idle timeout, and the socket is full
            // most of that time. The reader is a thread of its own: on the cooperative pool, a
            // busy parallel test run (sanitizers on two cores) could delay one of its turns past
            // the idle timeout, and the server would be right to close.
            let total = await withCheckedContinuation { (done: CheckedContinuation<Int, Never>) in
                Thread.detachNewThread {
                    var total = 0
                    var buffer = [UInt8](repeating: 0, count: 64 * 1024)
                    while true {
                        let count = buffer.withUnsafeMutableBytes { recv(connection.fd, $0.baseAddress, $0.count, 0) }
                        if count <= 0 { break }
                        total += count
                        usleep(25_000)
                    }
                    done.resume(returning: total)
                }
            }
            #expect(total > 40 * 256 * 1024)
        }
    }

    @Test func headDoesNotRunTheStream() async throws {
        let counters = StreamCounters()
        let responder = EchoResponder(handler: { request in
            var response = HTTPResponse(status: .ok, body: .omitted(.chunked))
            if request.method != .head {
                response.body = .stream(HTTPBodyStream(CountingChunks(size: 4, count: 3, counters: counters)))
            }
            return response
        })
        try await withServer(responder: responder) { _, port in
            let connection = try RawConnection(port: port)
            connection.send("HEAD / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            let (text, _) = await connection.readUntilClosed()
            #expect(text.hasSuffix("Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n") || text.hasSuffix("\r\n\r\n"))
            #expect(!text.contains("0\r\n\r\n"))
            #expect(counters.produced.withLock { $0 } == 0)
        }
    }

    @Test func filesAreSentWithSendfile() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("strata-sendfile-\(UUID().uuidString)").path
        let content = (0..<200_000).map { UInt8($0 % 251) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(content)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let responder = EchoResponder(handler: { request in
            var response = HTTPResponse(status: .ok)
            response.body = .file(request.target == "/missing" ? HTTPFileRegion(path: path + ".gone", length: 1) : HTTPFileRegion(path: path, offset: 10, length: 150_000))
            return response
        })
        try await withServer(responder: responder) { _, port in
            let connection = try RawConnection(port: port)
            connection.send("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = buffer.withUnsafeMutableBytes { recv(connection.fd, $0.baseAddress, $0.count, 0) }
                if count <= 0 { break }
                received.append(contentsOf: buffer[..<count])
            }
            let text = String(decoding: received.prefix(200), as: UTF8.self)
            #expect(text.contains("Content-Length: 150000\r\n"))
            let bodyStart = received.firstRange(of: Array("\r\n\r\n".utf8))!.upperBound
            #expect(Array(received[bodyStart...]) == Array(content[10..<150_010]))

            let missing = try RawConnection(port: port)
            missing.send("GET /missing HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(statusCode(of: (await missing.readUntilClosed()).text) == 404)
        }
    }
}

extension Array where Element == [UInt8] {
    /// The arrays as an async sequence, for streams in tests.
    var async: AsyncStream<[UInt8]> {
        AsyncStream { continuation in
            for element in self { continuation.yield(element) }
            continuation.finish()
        }
    }
}
