import Foundation
@testable import StrataHTTP
import Synchronization
import Testing

/// A responder for server tests: echoes what it received unless given a handler.
struct EchoResponder: HTTPResponder {
    var limit = 1_000
    var handler: (@Sendable (HTTPRequest) async -> HTTPResponse)?

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        if let handler { return await handler(request) }
        let body = (try? await request.body.collect(upTo: limit)) ?? []
        return HTTPResponse(status: .ok, headers: ["Content-Type": "text/plain"],
                            body: .bytes(Array("\(request.method) \(request.target) \(request.version) \(body.count):".utf8) + body))
    }
}

/// Runs `body` against a server on an ephemeral port, then shuts it down.
func withServer<T>(
    _ configuration: ServerConfiguration = ServerConfiguration(port: 0, eventLoops: 1),
    responder: any HTTPResponder = EchoResponder(),
    _ body: (HTTPServer, Int) async throws -> T
) async throws -> T {
    var configuration = configuration
    configuration.port = 0
    configuration.host = "127.0.0.1"
    let server = HTTPServer(configuration: configuration, responder: responder)
    let port = try server.start()
    do {
        let result = try await body(server, port)
        _ = await server.shutdown()
        return result
    } catch {
        _ = await server.shutdown()
        throw error
    }
}

@Suite("HTTP server over loopback", .serialized)
struct HTTPServerTests {
    @Test func keepAliveServesSeveralRequestsOnOneConnection() async throws {
        try await withServer { _, port in
            let connection = try RawConnection(port: port)
            for index in 1...3 {
                connection.send("GET /\(index) HTTP/1.1\r\nHost: a\r\n\r\n")
                let responses = await connection.readResponses(1)
                #expect(responses.first?.hasSuffix("GET /\(index) HTTP/1.1 0:") == true)
                #expect(responses.first?.contains("Connection: close") == false)
            }
        }
    }

    @Test func pipelinedResponsesComeInOrder() async throws {
        try await withServer(responder: EchoResponder(handler: { request in
            // The first request is slower than the second; the order must still hold.
            if request.target == "/slow" { try? await Task.sleep(for: .milliseconds(50)) }
            return HTTPResponse(status: .ok, body: .bytes(Array(request.target.utf8)))
        })) { _, port in
            let connection = try RawConnection(port: port)
            connection.send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\nGET /fast HTTP/1.1\r\nHost: a\r\n\r\nGET /last HTTP/1.1\r\nHost: a\r\n\r\n")
            let bodies = await connection.readResponses(3).map { $0.components(separatedBy: "\r\n\r\n").last ?? "" }
            #expect(bodies == ["/slow", "/fast", "/last"])
        }
    }

    @Test(arguments: [1, 4, 32])
    func everyConnectionOfABurstGetsItsResponse(batch: Int) async throws {
        // More requests at once than a loop holds responses back for: whether it reads them
        // in one burst or several, each is written — at the limit, or at the burst's end.
        try await withServer(ServerConfiguration(port: 0, eventLoops: 1, maxBatchedResponses: batch)) { _, port in
            let connections = try (0..<40).map { _ in try RawConnection(port: port) }
            for (index, connection) in connections.enumerated() {
                connection.send("GET /\(index) HTTP/1.1\r\nHost: a\r\n\r\n")
            }
            for (index, connection) in connections.enumerated() {
                let responses = await connection.readResponses(1)
                #expect(responses.first?.hasSuffix("GET /\(index) HTTP/1.1 0:") == true)
            }
        }
    }

    @Test func http10ClosesUnlessKeepAlive() async throws {
        try await withServer { _, port in
            let closing = try RawConnection(port: port)
            closing.send("GET / HTTP/1.0\r\n\r\n")
            let (text, closed) = await closing.readUntilClosed()
            #expect(statusCode(of: text) == 200 && closed)
            #expect(text.contains("Connection: close\r\n"))
            let keeping = try RawConnection(port: port)
            keeping.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(await keeping.readResponses(1).first?.contains("Connection: keep-alive\r\n") == true)
            keeping.send("GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(await keeping.readResponses(1).first?.hasSuffix("GET /b HTTP/1.0 0:") == true)
        }
    }

    @Test func connectionCloseIsHonoured() async throws {
        try await withServer { _, port in
            let connection = try RawConnection(port: port)
            connection.send("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            let (text, closed) = await connection.readUntilClosed()
            #expect(statusCode(of: text) == 200)
            #expect(text.contains("Connection: close\r\n"))
            #expect(closed)
        }
    }

    @Test func aResponseAskingToCloseClosesOnce() async throws {
        try await withServer(responder: EchoResponder(handler: { _ in HTTPResponse(status: .ok, headers: ["Connection": "close"]) })) { _, port in
            let connection = try RawConnection(port: port)
            connection.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            let (text, closed) = await connection.readUntilClosed()
            #expect(text.components(separatedBy: "Connection: close").count == 2)
            #expect(closed)
        }
    }

    @Test func expectContinueGetsAnInterimResponse() async throws {
        try await withServer { _, port in
            let connection = try RawConnection(port: port)
            connection.send("POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
            let interim = await connection.readResponses(1)
            #expect(interim == ["HTTP/1.1 100 Continue\r\n\r\n"])
            connection.send("hello")
            #expect(await connection.readResponses(1).first?.hasSuffix("POST /up HTTP/1.1 5:hello") == true)
        }
    }

    @Test func expectContinueOverTheLimitIs413WithoutReading() async throws {
        try await withServer(responder: Self.limitedTo10) { _, port in
            let connection = try RawConnection(port: port)
            connection.send("POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n")
            let (text, closed) = await connection.readUntilClosed()
            #expect(statusCode(of: text) == 413)
            #expect(!text.contains("100 Continue"))
            #expect(closed)
        }
    }

    /// Collects with a limit of 10 bytes and answers 413 when that fails.
    static let limitedTo10 = EchoResponder(limit: 10, handler: { request in
        do {
            _ = try await request.body.collect(upTo: 10)
            return HTTPResponse(status: .ok)
        } catch {
            return HTTPResponse(status: .contentTooLarge)
        }
    })

    @Test func chunkedRequestBodies() async throws {
        try await withServer { _, port in
            let connection = try RawConnection(port: port)
            connection.send("POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
            connection.send("6;ext=1\r\n world\r\n0\r\nTrailer: x\r\n\r\n")
            #expect(await connection.readResponses(1).first?.hasSuffix("POST /c HTTP/1.1 11:hello world") == true)
        }
    }

    @Test func bodyOverTheLimitIs413AndCloses() async throws {
        try await withServer(responder: Self.limitedTo10) { _, port in
            for request in ["POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n01234567890",
                            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n01234567\r\n8\r\n01234567\r\n0\r\n\r\n"] {
                let connection = try RawConnection(port: port)
                connection.send(request)
                let (text, closed) = await connection.readUntilClosed()
                #expect(statusCode(of: text) == 413)
                #expect(text.contains("Connection: close\r\n"))
                #expect(closed)
            }
        }
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nX-Valid: 1\r\nThisLineHasNoColon\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
        ("GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505),
        ("GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: a\r\n\r\n", 414),
        ("GET / HTTP/1.1\r\nHost: a\r\nX: " + String(repeating: "b", count: 9000) + "\r\n\r\n", 431),
        ("GET / HTTP/1.1\r\nHost: a\r\n" + String(repeating: "X-Many: 1\r\n", count: 600) + "\r\n", 431),
    ])
    func malformedRequestsGetTheirStatusAndAClose(request: String, status: Int) async throws {
        try await withServer { _, port in
            let connection = try RawConnection(port: port)
            connection.send(request)
            let (text, closed) = await connection.readUntilClosed()
            #expect(statusCode(of: text) == status)
            #expect(text.contains("Connection: close\r\n"))
            #expect(text.contains("application/problem+json"))
            #expect(text.contains("Cache-Control: no-store\r\n"))
            #expect(closed)
        }
    }

    @Test func slowHeadsGet408AndAClose() async throws {
        var configuration = ServerConfiguration(port: 0, eventLoops: 1)
        configuration.headerReadTimeout = .milliseconds(300)
        try await withServer(configuration) { _, port in
            let slow = try RawConnection(port: port)
            slow.send("GET / HTTP/1.1\r\nHo")
            let (text, closed) = await slow.readUntilClosed()
            #expect(statusCode(of: text) == 408)
            #expect(closed)
            // A connection that never sends anything is closed without a word, as nginx does.
            let silent = try RawConnection(port: port)
            let (nothing, silentClosed) = await silent.readUntilClosed()
            #expect(nothing.isEmpty && silentClosed)
        }
    }

    @Test func theHeaderTimeoutOfANewConnectionRunsFromItsAcceptance() async throws {
        var configuration = ServerConfiguration(port: 0, eventLoops: 1)
        configuration.headerReadTimeout = .milliseconds(1_000)
        try await withServer(configuration) { _, port in
            let start = ContinuousClock.now
            let slow = try RawConnection(port: port)
            try await Task.sleep(for: .milliseconds(700))
            // Its first byte does not start the clock again: 1 s from the accept, not 1.7 s.
            slow.send("G")
            let (text, closed) = await slow.readUntilClosed()
            #expect(statusCode(of: text) == 408 && closed)
            #expect(ContinuousClock.now - start < .milliseconds(1_450))
        }
    }

    @Test func stalledBodiesGet408() async throws {
        var configuration = ServerConfiguration(port: 0, eventLoops: 1)
        configuration.bodyReadTimeout = .milliseconds(300)
        try await withServer(configuration) { _, port in
            let connection = try RawConnection(port: port)
            connection.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc")
            let (text, closed) = await connection.readUntilClosed()
            #expect(statusCode(of: text) == 408)
            #expect(closed)
        }
    }

    @Test func idleKeepAliveConnectionsAreClosed() async throws {
        var configuration = ServerConfiguration(port: 0, eventLoops: 1)
        configuration.idleTimeout = .milliseconds(300)
        try await withServer(configuration) { _, port in
            let connection = try RawConnection(port: port)
            connection.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(await connection.readResponses(1).count == 1)
            let started = ContinuousClock.now
            let (rest, closed) = await connection.readUntilClosed()
            #expect(rest.isEmpty && closed)
            #expect(ContinuousClock.now - started < .seconds(2))
        }
    }

    @Test func connectionsOverTheLimitAreClosed() async throws {
        var configuration = ServerConfiguration(port: 0, eventLoops: 1)
        configuration.maxConnections = 2
        try await withServer(configuration) { server, port in
            let first = try RawConnection(port: port), second = try RawConnection(port: port)
            first.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            second.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            let (firstCount, secondCount) = (await first.readResponses(1).count, await second.readResponses(1).count)
            #expect(firstCount == 1 && secondCount == 1)
            let third = try RawConnection(port: port)
            third.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            let (text, closed) = await third.readUntilClosed()
            #expect(text.isEmpty && closed)
            #expect(server.openConnections.load(ordering: .relaxed) == 2)
        }
    }

    @Test func halfClosedClientsStillGetTheirResponse() async throws {
        try await withServer { _, port in
            let connection = try RawConnection(port: port)
            connection.send("GET /half HTTP/1.1\r\nHost: a\r\n\r\n")
            connection.halfClose()
            let (text, closed) = await connection.readUntilClosed()
            #expect(text.hasSuffix("GET /half HTTP/1.1 0:"))
            #expect(closed)
        }
    }

    @Test func headAnswersHaveNoContent() async throws {
        let responder = EchoResponder(handler: { request in
            HTTPResponse(status: .ok, body: request.method == .head ? .omitted(.length(12)) : .bytes(Array("twelve bytes".utf8)))
        })
        try await withServer(responder: responder) { _, port in
            let connection = try RawConnection(port: port)
            connection.send("HEAD / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            let (text, _) = await connection.readUntilClosed()
            let parts = text.components(separatedBy: "\r\n\r\n")
            // The HEAD head announces 12 bytes and is followed at once by the GET's response.
            #expect(parts.count == 3)
            #expect(parts[0].contains("Content-Length: 12"))
            #expect(parts[1].hasPrefix("HTTP/1.1 200 OK"))
            #expect(parts[2] == "twelve bytes")
        }
    }

    @Test func aHeaderThatMayNotBeWrittenBecomesA500() async throws {
        try await withServer(responder: EchoResponder(handler: { _ in HTTPResponse(status: .ok, headers: ["X": "a\r\nInjected: 1"]) })) { _, port in
            let connection = try RawConnection(port: port)
            connection.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            let (text, _) = await connection.readUntilClosed()
            #expect(statusCode(of: text) == 500)
            #expect(!text.contains("Injected"))
            #expect(text.contains("Cache-Control: no-store\r\n"))
        }
    }

    @Test func everyResponseHasADate() async throws {
        try await withServer { _, port in
            let connection = try RawConnection(port: port)
            connection.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            let date = await connection.readResponses(1).first?.components(separatedBy: "\r\n").first { $0.hasPrefix("Date: ") }
            #expect(date.flatMap { HTTPDate.parse(String($0.dropFirst(6))) } != nil)
        }
    }

    @Test func aThousandSequentialConnectionsLeaveNoDescriptorOpen() async throws {
        try await withServer { server, port in
            // Warm up, so lazily opened descriptors are counted in the baseline.
            let warmup = try RawConnection(port: port)
            warmup.send("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            _ = await warmup.readUntilClosed()
            let before = openFileDescriptors()
            for index in 0..<1_000 {
                let connection = try RawConnection(port: port)
                connection.send("GET /\(index) HTTP/1.1\r\nHost: a\r\n\r\n")
                _ = await connection.readResponses(1)
            }
            // The server notices each client's close on its next loop turn.
            for _ in 0..<100 where server.openConnections.load(ordering: .relaxed) > 0 {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(server.openConnections.load(ordering: .relaxed) == 0)
            #expect(openFileDescriptors() <= before)
        }
    }

    @Test func gracefulShutdownFinishesInFlightRequestsAndBackgroundWork() async throws {
        let finished = Mutex<[String]>([])
        let responder = EchoResponder(handler: { _ in
            try? await Task.sleep(for: .milliseconds(200))
            return HTTPResponse(status: .ok, body: .bytes(Array("done".utf8)), afterSent: {
                try? await Task.sleep(for: .milliseconds(200))
                finished.withLock { $0.append("background") }
            }, afterSentLabel: "GET /: slow task")
        })
        let server = HTTPServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, eventLoops: 1), responder: responder)
        let port = try server.start()
        let connection = try RawConnection(port: port)
        connection.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        try await Task.sleep(for: .milliseconds(50))
        async let report = server.shutdown()
        let (text, closed) = await connection.readUntilClosed()
        #expect(text.hasSuffix("done"))
        #expect(text.contains("Connection: close\r\n"))
        #expect(closed)
        #expect(await report.isClean)
        #expect(finished.withLock { $0 } == ["background"])
        #expect(throws: (any Error).self) { try RawConnection(port: port) }
    }

    @Test func aRequestOnAnIdleConnectionDuringTheDrainIsAnswered() async throws {
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, eventLoops: 1)
        configuration.drainIdleTimeout = .seconds(10)
        let server = HTTPServer(configuration: configuration, responder: EchoResponder())
        let port = try server.start()
        let connection = try RawConnection(port: port)
        connection.send("GET /1 HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(await connection.readResponses(1).count == 1)
        let started = ContinuousClock.now
        async let report = server.shutdown()
        // The drain has begun; the client, not knowing, sends its next request.
        while !server.isDraining.load(ordering: .acquiring) { try await Task.sleep(for: .milliseconds(5)) }
        try await Task.sleep(for: .milliseconds(100))
        connection.send("GET /2 HTTP/1.1\r\nHost: a\r\n\r\n")
        let (text, closed) = await connection.readUntilClosed()
        #expect(text.hasSuffix("GET /2 HTTP/1.1 0:"))
        #expect(text.contains("Connection: close\r\n"))
        #expect(closed)
        #expect(await report.isClean)
        // It closed after its response, not after the drain idle timeout.
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func idleConnectionsCloseAfterTheDrainIdleTimeout() async throws {
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, eventLoops: 1)
        configuration.drainIdleTimeout = .milliseconds(200)
        let server = HTTPServer(configuration: configuration, responder: EchoResponder())
        let port = try server.start()
        let connection = try RawConnection(port: port)
        connection.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(await connection.readResponses(1).count == 1)
        let started = ContinuousClock.now
        async let report = server.shutdown()
        let (rest, closed) = await connection.readUntilClosed()
        #expect(rest.isEmpty && closed)
        #expect(await report.isClean)
        #expect(ContinuousClock.now - started < .seconds(5))  // the drain timeout is 30 s
    }

    @Test func connectionsWaitingToBeAcceptedAreServedDuringTheDrain() async throws {
        let server = HTTPServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, eventLoops: 1), responder: EchoResponder())
        let port = try server.start()
        // With the loop busy, the kernel completes the handshake and queues the connection;
        // the client sends its request. Closing the listener now would reset it.
        server.eventLoops[0].execute { usleep(300_000) }
        try await Task.sleep(for: .milliseconds(50))
        let connection = try RawConnection(port: port)
        connection.send("GET /queued HTTP/1.1\r\nHost: a\r\n\r\n")
        async let report = server.shutdown()
        let (text, closed) = await connection.readUntilClosed()
        #expect(text.hasSuffix("GET /queued HTTP/1.1 0:"))
        #expect(text.contains("Connection: close\r\n"))
        #expect(closed)
        #expect(await report.isClean)
    }

    @Test func aDrainingListenerStartsNoNewHandshakeButKeepsItsConnections() async throws {
        let listener = try Socket.listen(host: "127.0.0.1", port: 0, reusePort: false)
        defer { close(listener) }
        let port = Socket.localPort(of: listener)
        let before = try RawConnection(port: port)
        ServerLoop.refuseNewHandshakes(listener)
        // A new client's SYN is dropped: its connect stays in progress and nothing is queued.
        let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(client) }
        _ = fcntl(client, F_SETFL, O_NONBLOCK)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        #expect(result == -1 && errno == EINPROGRESS)
        try await Task.sleep(for: .milliseconds(200))
        _ = fcntl(listener, F_SETFL, O_NONBLOCK)
        let first = accept(listener, nil, nil)
        #expect(first >= 0)  // the connection made before the filter
        let second = accept(listener, nil, nil)
        #expect(second == -1 && errno == EAGAIN)
        if first >= 0 {
            before.send("ping")
            var buffer = [UInt8](repeating: 0, count: 4)
            #expect(recv(first, &buffer, 4, Int32(MSG_WAITALL)) == 4)
            close(first)
        }
    }

    @Test func theDrainDeadlineReportsWhatIsLeft() async throws {
        let responder = EchoResponder(handler: { _ in
            HTTPResponse(status: .ok, afterSent: { try? await Task.sleep(for: .seconds(5)) }, afterSentLabel: "GET /: never ends")
        })
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, eventLoops: 1)
        configuration.drainTimeout = .milliseconds(200)
        let server = HTTPServer(configuration: configuration, responder: responder)
        let port = try server.start()
        let connection = try RawConnection(port: port)
        connection.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        _ = await connection.readResponses(1)
        let report = await server.shutdown()
        #expect(report.unfinishedBackgroundWork == ["GET /: never ends"])
        #expect(report.description.contains("GET /: never ends"))
    }

    @Test func handlersRunOnTheirConnectionsLoopEvenAfterAHop() async throws {
        actor Elsewhere {
            func work() -> Int { 42 }
        }
        let observations = Mutex<[Bool]>([])
        let serverBox = Mutex<HTTPServer?>(nil)
        let responder = EchoResponder(handler: { _ in
            let loop = serverBox.withLock { $0 }!.eventLoops[0]
            let before = loop.isInEventLoop
            // An actor and a detached task run elsewhere; the handler comes back to its loop.
            let value = await Elsewhere().work() + (await Task.detached { 1 }.value)
            let after = loop.isInEventLoop
            observations.withLock { $0 = [before, after] }
            return HTTPResponse(status: .ok, body: .bytes(Array("\(value)".utf8)))
        })
        let server = HTTPServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, eventLoops: 1), responder: responder)
        serverBox.withLock { $0 = server }
        let port = try server.start()
        let connection = try RawConnection(port: port)
        connection.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(await connection.readResponses(1).first?.hasSuffix("43") == true)
        #expect(observations.withLock { $0 } == [true, true])
        _ = await server.shutdown()
    }

    @Test func noiseThatCannotBeARequestIs400AtOnce() async throws {
        try await withServer { _, port in
            let connection = try RawConnection(port: port)
            connection.send([0x16, 0x03, 0x01, 0x02, 0x00, 0x01])  // the start of a TLS ClientHello
            let started = ContinuousClock.now
            let (text, closed) = await connection.readUntilClosed()
            #expect(statusCode(of: text) == 400)
            #expect(closed)
            #expect(ContinuousClock.now - started < .seconds(2))
        }
    }

    @Test func aStrayLineEndBetweenRequestsIsNotTheStartOfOne() async throws {
        var configuration = ServerConfiguration(port: 0, eventLoops: 1)
        configuration.headerReadTimeout = .milliseconds(200)
        try await withServer(configuration) { _, port in
            let connection = try RawConnection(port: port)
            connection.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nok\r\n")
            #expect(await connection.readResponses(1).count == 1)
            try await Task.sleep(for: .milliseconds(500))
            connection.send("GET /after HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(await connection.readResponses(1).first?.hasSuffix("GET /after HTTP/1.1 0:") == true)
        }
    }

    @Test func aClosingConnectionDoesNotAlsoSayKeepAlive() async throws {
        try await withServer(responder: EchoResponder(handler: { _ in HTTPResponse(status: .ok, headers: ["Connection": "keep-alive"]) })) { _, port in
            let connection = try RawConnection(port: port)
            connection.send("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            let (text, _) = await connection.readUntilClosed()
            #expect(text.contains("Connection: close\r\n"))
            #expect(!text.contains("keep-alive"))
        }
    }

    @Test func loopsDefaultToTheCPUsTheProcessMayUse() {
        #expect(ServerConfiguration.availableProcessors() >= 1)
        #expect(ServerConfiguration().eventLoops == ServerConfiguration.availableProcessors())
    }

    @Test func batchedResponsesDefaultTo32AndAtLeastOne() {
        #expect(ServerConfiguration().maxBatchedResponses == 32)
        #expect(ServerConfiguration(maxBatchedResponses: 0).maxBatchedResponses == 1)
    }

    @Test func commandLineConfiguration() throws {
        let parsed = try ServerConfiguration.parsing(["--host", "0.0.0.0", "--port=9000", "--loops", "3"], environment: "1234")
        #expect(parsed.host == "0.0.0.0" && parsed.port == 9000 && parsed.eventLoops == 3)
        #expect(try ServerConfiguration.parsing([], environment: "1234").port == 1234)
        #expect(try ServerConfiguration.parsing([], environment: nil).port == 8000)
        #expect(throws: CommandLineError.self) { try ServerConfiguration.parsing(["--port", "http"], environment: nil) }
        #expect(throws: CommandLineError.self) { try ServerConfiguration.parsing(["--verbose"], environment: nil) }
        #expect(try !ServerConfiguration.parsing([], environment: nil).sharesPort)
        #expect(try ServerConfiguration.parsing(["--share-port"], environment: nil).sharesPort)
        #expect(throws: CommandLineError.self) { try ServerConfiguration.parsing(["--share-port=yes"], environment: nil) }
        #expect(try ServerConfiguration.parsing(["--drain-delay", "2.5"], environment: nil).drainDelay == .milliseconds(2_500))
        #expect(try ServerConfiguration.parsing([], environment: nil).drainDelay == .zero)
        #expect(throws: CommandLineError.self) { try ServerConfiguration.parsing(["--drain-delay", "-1"], environment: nil) }
    }
}
