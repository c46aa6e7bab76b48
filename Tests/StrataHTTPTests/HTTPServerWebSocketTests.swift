import Dispatch
import Foundation
@testable import StrataHTTP
import Glibc
import Synchronization
import Testing

/// The server's side of WebSockets over real sockets: backpressure from a handler that does not
/// read, pings to a silent client, the close timeout, shutdown's 1001, HTTP served beside.
@Suite("HTTP server: WebSockets", .serialized)
struct HTTPServerWebSocketTests {
    /// Upgrades `GET /ws` and runs `handler`; anything else gets a plain 200.
    struct SocketResponder: HTTPResponder {
        let options: WebSocketOptions
        let handler: @Sendable (WebSocketConnection) async -> Void

        func respond(to request: HTTPRequest) async -> HTTPResponse {
            guard request.path == "/ws" else { return HTTPResponse(status: .ok, body: .bytes(Array("plain".utf8))) }
            switch WebSocketHandshake.negotiate(method: request.method, version: request.version, headers: request.headers,
                                                hasContent: false, options: options) {
            case .accept(let headers, let subprotocol, let deflate):
                var response = HTTPResponse(status: .switchingProtocols, headers: headers)
                response.webSocket = WebSocketUpgrade(options: options, deflate: deflate, subprotocol: subprotocol, handler: handler)
                return response
            case .refuse(let status, let headers, _):
                return HTTPResponse(status: status, headers: headers)
            }
        }
    }

    /// A raw client: the handshake, then frames by hand.
    final class Client: @unchecked Sendable {
        // @unchecked: one test task uses it at a time; blocking reads run on a Dispatch queue
        // while that task waits.
        let connection: RawConnection
        var input: [UInt8] = []

        init(port: Int, timeout: Double = 5) throws {
            connection = try RawConnection(port: port, timeout: timeout)
            connection.send("GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        }

        /// Reads the 101's head.
        func readHandshake() async -> String {
            await offPool { [self] in
                while true {
                    if let end = input.indices.dropLast(3).first(where: { input[$0] == 13 && input[$0 + 1] == 10 && input[$0 + 2] == 13 && input[$0 + 3] == 10 }) {
                        let head = String(decoding: input[..<(end + 4)], as: UTF8.self)
                        input.removeFirst(end + 4)
                        return head
                    }
                    guard receiveMore() else { return "" }
                }
            }
        }

        /// The next frame from the server, or `nil` when it closed the connection.
        func readFrame() async -> WebSocketFrame? {
            await offPool { [self] in
                while true {
                    let parsed = input.withUnsafeBufferPointer { WebSocketFrame.parse($0, expectsMask: false, maxPayload: 1 << 24) }
                    if case .frame(let frame, let consumed) = parsed {
                        input.removeFirst(consumed)
                        return frame
                    }
                    guard receiveMore() else { return nil }
                }
            }
        }

        func send(_ opcode: WebSocketOpcode, _ payload: [UInt8]) {
            var bytes: [UInt8] = []
            WebSocketFrame.append(opcode: opcode, payload: payload, maskingKey: (7, 7, 7, 7), into: &bytes)
            connection.send(bytes)
        }

        private func receiveMore() -> Bool {
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { recv(connection.fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return false }
            input += chunk[..<count]
            return true
        }

        private func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(returning: work()) }
            }
        }
    }

    @Test func aHandlerThatDoesNotReadHoldsTheClientBack() async throws {
        let (gate, open) = AsyncStream<Void>.makeStream()
        let received = Atomic<Int>(0)
        var options = WebSocketOptions(maxFrameSize: 1 << 20, maxMessageSize: 1 << 20, maxBufferedBytes: 64 << 10)
        options.pingInterval = nil
        let responder = SocketResponder(options: options) { socket in
            for await _ in gate { break }
            while let message = await socket.receive() {
                received.add(1, ordering: .relaxed)
                if case .text("done") = message { break }
            }
            try? await socket.send("got \(received.load(ordering: .relaxed))")
        }
        try await withServer(responder: responder) { _, port in
            let client = try Client(port: port)
            #expect(await client.readHandshake().hasPrefix("HTTP/1.1 101 Switching Protocols\r\n"))
            // 48 binary messages of 1 MB each, masked, as one stream of bytes.
            var frames: [UInt8] = []
            for _ in 0..<48 { WebSocketFrame.append(opcode: .binary, payload: [UInt8](repeating: 1, count: 1 << 20), maskingKey: (1, 2, 3, 4), into: &frames) }
            WebSocketFrame.append(opcode: .text, payload: Array("done".utf8), maskingKey: (1, 2, 3, 4), into: &frames)
            let accepted = await client.connection.sendUntilBlocked(frames)
            #expect(accepted < frames.count / 3, "the client could write \(accepted) of \(frames.count) bytes while nothing was read")
            open.yield()
            open.finish()
            await Self.sendRest(client.connection, Array(frames[accepted...]))
            let answer = await client.readFrame()
            #expect(answer == WebSocketFrame(opcode: .text, payload: Array("got 49".utf8)))
            #expect(await client.readFrame()?.payload == [0x03, 0xE8])  // the handler's end: 1000
        }
    }

    @Test func aSilentClientIsPingedAndDroppedWhenItDoesNotAnswer() async throws {
        let code = Mutex<WebSocketCloseCode?>(nil)
        let options = WebSocketOptions(pingInterval: .milliseconds(200), pingTimeout: .milliseconds(300))
        let responder = SocketResponder(options: options) { socket in
            _ = await socket.receive()
            let closed = await socket.closeCode()
            code.withLock { $0 = closed }
        }
        try await withServer(responder: responder) { _, port in
            let client = try Client(port: port)
            _ = await client.readHandshake()
            let start = ContinuousClock.now
            #expect(await client.readFrame() == WebSocketFrame(opcode: .ping, payload: []))
            // No pong: the connection ends without a close frame.
            #expect(await client.readFrame() == nil)
            #expect(ContinuousClock.now - start < .seconds(2))
        }
        #expect(code.withLock { $0 } == .abnormalClosure)
    }

    @Test func aPongKeepsTheConnection() async throws {
        let options = WebSocketOptions(pingInterval: .milliseconds(150), pingTimeout: .milliseconds(300))
        let responder = SocketResponder(options: options) { socket in
            while let message = await socket.receive() { try? await socket.send(message) }
        }
        try await withServer(responder: responder) { _, port in
            let client = try Client(port: port)
            _ = await client.readHandshake()
            for _ in 0..<3 {
                #expect(await client.readFrame()?.opcode == .ping)
                client.send(.pong, [])
            }
            client.send(.text, Array("still here".utf8))
            #expect(await client.readFrame() == WebSocketFrame(opcode: .text, payload: Array("still here".utf8)))
        }
    }

    @Test func aClientThatNeverAnswersTheCloseIsDroppedAfterTheCloseTimeout() async throws {
        let options = WebSocketOptions(pingInterval: nil, closeTimeout: .milliseconds(300))
        let responder = SocketResponder(options: options) { socket in
            await socket.close(.policyViolation, reason: "bye")
        }
        try await withServer(responder: responder) { _, port in
            let client = try Client(port: port)
            _ = await client.readHandshake()
            #expect(await client.readFrame() == WebSocketFrame(opcode: .close, payload: [0x03, 0xF0] + Array("bye".utf8)))
            let start = ContinuousClock.now
            #expect(await client.readFrame() == nil)
            let waited = ContinuousClock.now - start
            #expect(waited >= .milliseconds(200) && waited < .seconds(2))
        }
    }

    @Test func shutdownSaysGoingAwayAndWaitsForTheAnswer() async throws {
        let responder = SocketResponder(options: WebSocketOptions(pingInterval: nil)) { socket in
            while let message = await socket.receive() { try? await socket.send(message) }
        }
        let server = HTTPServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, eventLoops: 1, drainTimeout: .seconds(5)), responder: responder)
        let port = try server.start()
        let client = try Client(port: port)
        _ = await client.readHandshake()
        // HTTP beside the WebSocket, on the same event loop.
        let plain = try RawConnection(port: port)
        plain.send("GET /plain HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(await plain.readResponses(1).first?.hasSuffix("plain") == true)
        client.send(.text, Array("before".utf8))
        #expect(await client.readFrame()?.payload == Array("before".utf8))
        let shutdown = Task { await server.shutdown() }
        let goingAway = await client.readFrame()
        #expect(goingAway?.opcode == .close)
        #expect(Array(goingAway?.payload.prefix(2) ?? []) == [0x03, 0xE9])
        client.send(.close, [0x03, 0xE9])
        #expect(await client.readFrame() == nil)
        let report = await shutdown.value
        #expect(report.unfinishedConnections == 0)
    }

    @Test func messagesThatArrivedWithTheCloseAreStillDelivered() async throws {
        let seen = Mutex<[String]>([])
        let (done, finished) = AsyncStream<Void>.makeStream()
        let responder = SocketResponder(options: WebSocketOptions(pingInterval: nil)) { socket in
            // Late to read: the close has been answered and the connection closed by now.
            try? await Task.sleep(for: .milliseconds(200))
            while let message = await socket.receive() { seen.withLock { $0.append(message.text ?? "") } }
            let code = await socket.closeCode()
            seen.withLock { $0.append("closed \(code?.rawValue ?? 0)") }
            finished.finish()
        }
        try await withServer(responder: responder) { _, port in
            let client = try Client(port: port)
            _ = await client.readHandshake()
            var bytes: [UInt8] = []
            WebSocketFrame.append(opcode: .text, payload: Array("a".utf8), maskingKey: (1, 2, 3, 4), into: &bytes)
            WebSocketFrame.append(opcode: .text, payload: Array("b".utf8), maskingKey: (1, 2, 3, 4), into: &bytes)
            WebSocketFrame.append(opcode: .close, payload: [0x03, 0xE8], maskingKey: (1, 2, 3, 4), into: &bytes)
            client.connection.send(bytes)
            #expect(await client.readFrame() == WebSocketFrame(opcode: .close, payload: [0x03, 0xE8]))
            #expect(await client.readFrame() == nil)
            for await _ in done {}
        }
        #expect(seen.withLock { $0 } == ["a", "b", "closed 1000"])
    }

    @Test func aClientFloodingPingsWithoutReadingIsHeldBack() async throws {
        let responder = SocketResponder(options: WebSocketOptions(pingInterval: nil)) { socket in
            while await socket.receive() != nil {}
        }
        try await withServer(responder: responder) { _, port in
            let client = try Client(port: port)
            _ = await client.readHandshake()
            var frames: [UInt8] = []
            for _ in 0..<200_000 { WebSocketFrame.append(opcode: .ping, payload: [UInt8](repeating: 9, count: 125), maskingKey: (1, 2, 3, 4), into: &frames) }
            let accepted = await client.connection.sendUntilBlocked(frames)
            // Pongs pile up only to the server's bound; then it stops reading, and the pings
            // stay in the socket buffers and the client.
            #expect(accepted < frames.count / 2, "the client could write \(accepted) of \(frames.count) bytes of pings")
        }
    }

    @Test func aCloseWhileTheHandlerHasItsFillStillReadsTheAnswer() async throws {
        let options = WebSocketOptions(pingInterval: nil, closeTimeout: .seconds(10), maxBufferedBytes: 1024)
        let responder = SocketResponder(options: options) { socket in
            try? await Task.sleep(for: .milliseconds(300))  // the inbox fills and reading stops
            await socket.close(.goingAway)
        }
        try await withServer(responder: responder) { _, port in
            let client = try Client(port: port)
            _ = await client.readHandshake()
            for _ in 0..<64 { client.send(.binary, [UInt8](repeating: 1, count: 1000)) }
            #expect(await client.readFrame() == WebSocketFrame(opcode: .close, payload: [0x03, 0xE9]))
            let start = ContinuousClock.now
            client.send(.close, [0x03, 0xE9])
            #expect(await client.readFrame() == nil)
            // Read at once, not after the close timeout.
            #expect(ContinuousClock.now - start < .seconds(3))
        }
    }

    @Test func anUpgradeOfARequestWithContentIsRefusedAndAbandoned() async throws {
        /// Answers every request with a 101, as a careless responder might.
        final class Counter: Sendable { let value = Atomic<Int>(0) }
        struct AlwaysUpgrade: HTTPResponder {
            let abandoned: Counter
            func respond(to request: HTTPRequest) async -> HTTPResponse {
                var response = HTTPResponse(status: .switchingProtocols, headers: ["Upgrade": "websocket", "Connection": "Upgrade"])
                response.webSocket = WebSocketUpgrade(options: WebSocketOptions(), deflate: nil, subprotocol: nil,
                                                      onAbandon: { abandoned.value.add(1, ordering: .relaxed) }) { _ in }
                return response
            }
        }
        let abandoned = Counter()
        try await withServer(responder: AlwaysUpgrade(abandoned: abandoned)) { _, port in
            let connection = try RawConnection(port: port)
            connection.send("GET /ws HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
            let answer = await connection.readUntilClosed()
            #expect(answer.text.hasPrefix("HTTP/1.1 400 "))
            #expect(answer.closed)
        }
        #expect(abandoned.value.load(ordering: .relaxed) == 1)
    }

    static func sendRest(_ connection: RawConnection, _ bytes: [UInt8]) async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                connection.send(bytes)
                done.resume()
            }
        }
    }
}
