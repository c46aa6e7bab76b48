import Dispatch
import Foundation
import Glibc
@testable import StrataHTTP
import Synchronization
import Testing

/// One chunk at once, then one every `interval` — the shape of server-sent events with a long
/// keep-alive interval. Records when it was cancelled.
struct SlowChunks: AsyncSequence, Sendable {
    let interval: Duration
    let probe: DepartureProbe

    struct AsyncIterator: AsyncIteratorProtocol {
        let owner: SlowChunks
        var index = 0

        mutating func next() async throws -> [UInt8]? {
            if index > 0 {
                do {
                    try await Task.sleep(for: owner.interval)
                } catch {
                    owner.probe.recordCancellation()
                    throw error
                }
            }
            index += 1
            return Array("chunk \(index)\n".utf8)
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(owner: self) }
}

/// When the client left and when its work was cancelled, shared with the test.
final class DepartureProbe: Sendable {
    private let cancelledAt = Mutex<ContinuousClock.Instant?>(nil)

    func recordCancellation() {
        cancelledAt.withLock { $0 = $0 ?? .now }
    }

    /// Waits (up to `limit`) for the cancellation; how long after `since` it came, if it did.
    /// Looks once more after the deadline: a test task that got no thread for a while (a busy
    /// machine, a sanitizer) must not miss a cancellation that came in time.
    func waitForCancellation(since: ContinuousClock.Instant, limit: Duration = .seconds(5)) async throws -> Duration? {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if let at = cancelledAt.withLock({ $0 }) { return at - since }
            try await Task.sleep(for: .milliseconds(5))
        }
        return cancelledAt.withLock { $0 }.map { $0 - since }
    }
}

/// A client that leaves while its answer is being made — a long handler, or a stream that
/// writes rarely — is noticed by its close (a FIN, not only a reset), and the work for it is
/// cancelled; a client that closes its sending side after a request with content still gets
/// its answer (HTTP's half-close).
@Suite("HTTP server: a client that leaves", .serialized)
struct HTTPServerDepartureTests {
    static func slowStream(_ probe: DepartureProbe) -> EchoResponder {
        EchoResponder(handler: { request in
            _ = try? await request.body.collect(upTo: 1_000)
            var response = HTTPResponse(status: .ok, headers: ["Content-Type": "text/event-stream"])
            response.body = .stream(HTTPBodyStream(SlowChunks(interval: .seconds(30), probe: probe)))
            return response
        })
    }

    /// A handler that takes 30 s unless it is cancelled.
    static func longHandler(_ probe: DepartureProbe) -> EchoResponder {
        EchoResponder(handler: { _ in
            do {
                try await Task.sleep(for: .seconds(30))
            } catch {
                probe.recordCancellation()
            }
            return HTTPResponse(status: .ok, body: .bytes(Array("late".utf8)))
        })
    }

    /// Reads until `text` has arrived, on a Dispatch thread: a blocking `recv` on one of the
    /// few cooperative threads would starve the other tests' tasks.
    static func read(_ connection: RawConnection, until text: String) async -> String {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: readBlocking(connection, until: text)) }
        }
    }

    private static func readBlocking(_ connection: RawConnection, until text: String) -> String {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !String(decoding: received, as: UTF8.self).contains(text) {
            let count = buffer.withUnsafeMutableBytes { recv(connection.fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            received.append(contentsOf: buffer[..<count])
        }
        return String(decoding: received, as: UTF8.self)
    }

    @Test func aStreamIsCancelledWhenItsClientClosesBetweenWrites() async throws {
        let probe = DepartureProbe()
        try await withServer(responder: Self.slowStream(probe)) { server, port in
            let left: ContinuousClock.Instant
            do {
                let connection = try RawConnection(port: port)
                connection.send("GET /events HTTP/1.1\r\nHost: a\r\n\r\n")
                #expect(await Self.read(connection, until: "chunk 1\n").contains("chunk 1\n"))
                // Everything sent was read, so the close is a FIN, not a reset: before, the
                // server learnt of it only when its next write failed, 30 s later.
                left = .now
            }
            let delay = try await probe.waitForCancellation(since: left)
            #expect(delay != nil)
            try await waitUntil { server.openConnections.load(ordering: .relaxed) == 0 }
            #expect(server.openConnections.load(ordering: .relaxed) == 0)
        }
    }

    @Test func aLongHandlerIsCancelledWhenItsClientCloses() async throws {
        let probe = DepartureProbe()
        try await withServer(responder: Self.longHandler(probe)) { server, port in
            let left: ContinuousClock.Instant
            do {
                let connection = try RawConnection(port: port)
                connection.send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n")
                try await waitUntil { server.openConnections.load(ordering: .relaxed) == 1 }
                try await Task.sleep(for: .milliseconds(50))
                left = .now
            }
            #expect(try await probe.waitForCancellation(since: left) != nil)
            try await waitUntil { server.openConnections.load(ordering: .relaxed) == 0 }
            #expect(server.openConnections.load(ordering: .relaxed) == 0)
        }
    }

    @Test func aClientThatShutsItsSideDuringAStreamForARequestWithoutContentHasLeft() async throws {
        let probe = DepartureProbe()
        try await withServer(responder: Self.slowStream(probe)) { _, port in
            let connection = try RawConnection(port: port)
            connection.send("GET /events HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(await Self.read(connection, until: "chunk 1\n").contains("chunk 1\n"))
            let left = ContinuousClock.now
            connection.halfClose()
            #expect(try await probe.waitForCancellation(since: left) != nil)
            let (rest, closed) = await connection.readUntilClosed()
            #expect(closed)
            // Cut off: no last chunk tells the client the stream was complete.
            #expect(!rest.contains("0\r\n\r\n"))
        }
    }

    @Test func aClientThatShutsItsSideAfterARequestWithContentStillGetsItsAnswer() async throws {
        let responder = EchoResponder(handler: { request in
            let body = (try? await request.body.collect(upTo: 1_000)) ?? []
            try? await Task.sleep(for: .milliseconds(200))
            return HTTPResponse(status: .ok, body: .bytes(Array("got \(body.count) bytes".utf8)))
        })
        try await withServer(responder: responder) { _, port in
            let connection = try RawConnection(port: port)
            connection.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello")
            connection.halfClose()
            let (text, closed) = await connection.readUntilClosed()
            #expect(text.hasPrefix("HTTP/1.1 200 OK"))
            #expect(text.hasSuffix("got 5 bytes"))
            #expect(closed)
        }
    }

    @Test func pipelinedRequestsSentBeforeAHalfCloseAreAllAnswered() async throws {
        let responder = EchoResponder(handler: { request in
            try? await Task.sleep(for: .milliseconds(20))
            return HTTPResponse(status: .ok, body: .bytes(Array(request.target.utf8)))
        })
        try await withServer(responder: responder) { _, port in
            let connection = try RawConnection(port: port)
            connection.send((1...5).map { "GET /\($0) HTTP/1.1\r\nHost: a\r\n\r\n" }.joined())
            connection.halfClose()
            let (text, closed) = await connection.readUntilClosed()
            let responses = RawConnection.split(Array(text.utf8))
            #expect(responses.count == 5)
            #expect(responses.map { $0.components(separatedBy: "\r\n\r\n").last ?? "" } == (1...5).map { "/\($0)" })
            #expect(closed)
        }
    }

    @Test func pipelinedRequestsBeyondTheReadAheadLimitAreAllAnswered() async throws {
        let responder = EchoResponder(handler: { request in
            try? await Task.sleep(for: .milliseconds(1))
            return HTTPResponse(status: .ok, body: .bytes(Array(request.target.utf8)))
        })
        try await withServer(responder: responder) { _, port in
            let connection = try RawConnection(port: port, timeout: 10)
            // About 300 KiB of requests: the server stops reading at its limit and goes on as
            // it answers.
            let request = "GET /\(String(repeating: "p", count: 1_000)) HTTP/1.1\r\nHost: a\r\n\r\n"
            let count = 300
            let sender = Task.detached { connection.send(String(repeating: request, count: count - 1) + request.replacingOccurrences(of: "Host: a\r\n", with: "Host: a\r\nConnection: close\r\n")) }
            let (text, closed) = await connection.readUntilClosed()
            await sender.value
            #expect(RawConnection.split(Array(text.utf8)).count == count)
            #expect(closed)
        }
    }

    @Test func shutdownIsNotHeldUpByAStreamWhoseClientLeft() async throws {
        let probe = DepartureProbe()
        var configuration = ServerConfiguration(port: 0, eventLoops: 1)
        configuration.drainTimeout = .seconds(20)
        let server = HTTPServer(configuration: configuration, responder: Self.slowStream(probe))
        let port = try server.start()
        do {
            let connection = try RawConnection(port: port)
            connection.send("GET /events HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(await Self.read(connection, until: "chunk 1\n").contains("chunk 1\n"))
        }
        try await waitUntil { server.openConnections.load(ordering: .relaxed) == 0 }
        let report = await server.shutdown()
        #expect(report.isClean)
        #expect(report.unfinishedConnections == 0)
    }
}

/// Polls `condition` every 5 ms for up to `limit`.
func waitUntil(_ limit: Duration = .seconds(5), _ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + limit
    while !condition(), ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(5))
    }
}
