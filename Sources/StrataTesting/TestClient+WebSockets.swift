import Dispatch
import FoundationEssentials
import Glibc
import Strata

extension TestClient {
    /// Opens a WebSocket to `target` — the app's ``WebSocket`` route runs its guards and
    /// handler as for any client — and returns the test's end of it.
    ///
    /// Throws ``TestWebSocketError/refused(_:)`` with the response when the app does not
    /// answer 101. `subprotocols` are offered in `Sec-WebSocket-Protocol`; `compression`
    /// offers permessage-deflate.
    ///
    /// ```swift partial
    /// let socket = try await client.webSocket("/chat/lobby", headers: ["Authorization": "Bearer t"])
    /// ```
    public func webSocket(_ target: String, headers: HTTPHeaders = [:], subprotocols: [String] = [],
                          compression: Bool = false) async throws -> TestWebSocket {
        try await start()
        let key = Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        var fields = headers
        fields.add("Upgrade", "websocket")
        fields.add("Connection", "Upgrade")
        fields.add("Sec-WebSocket-Key", key)
        fields.add("Sec-WebSocket-Version", "13")
        if !subprotocols.isEmpty { fields.add("Sec-WebSocket-Protocol", subprotocols.joined(separator: ", ")) }
        if compression { fields.add("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits") }
        let (request, requestHost, path) = prepare(.get, target, headers: fields, body: [])
        if let live {
            return try await openLive(request, key: key, port: live.port, host: requestHost, path: path)
        }
        return try await openInProcess(request, key: key, host: requestHost, path: path)
    }

    /// The handshake's answer as the client reads it; refusals throw with it.
    private func checkHandshake(_ bytes: [UInt8], key: String, host: String, path: String) throws -> TestResponse {
        let response = try HTTPResponseParser.parse(bytes, requestMethod: .get)
        for cookie in response.cookies {
            cookies.store(cookie, fromHost: host, path: path)
        }
        guard response.status == .switchingProtocols else { throw TestWebSocketError.refused(response) }
        guard response.headers["Sec-WebSocket-Accept"] == WebSocketHandshake.acceptValue(for: key) else {
            throw TestWebSocketError.invalidHandshake("Sec-WebSocket-Accept is \(response.headers["Sec-WebSocket-Accept"] ?? "missing")")
        }
        return response
    }

    /// The client's state machine for what the 101 agreed to.
    private static func clientMachine(for response: TestResponse) -> WebSocketStateMachine {
        let deflate = response.headers["Sec-WebSocket-Extensions"].flatMap {
            WebSocketDeflateParameters.negotiate(offers: [$0], requireNoContextTakeover: false)
        }
        return WebSocketStateMachine(role: .client, maxFrameSize: 1 << 30, maxMessageSize: 1 << 30,
                                     deflate: deflate.map { WebSocketDeflate(parameters: $0, role: .client) })
    }

    /// In process: the app's handler gets one end of an in-memory pair, the test the other;
    /// frames pass through both ends' codecs, in order, on two serial queues.
    private func openInProcess(_ request: HTTPRequest, key: String, host: String, path: String) async throws -> TestWebSocket {
        let answer = await app.respond(to: request)
        let bytes = try serializeHead(of: answer)
        if answer.status.allowsContent, case .stream = answer.body {
            // A refusal never streams; an app that does is answered as a request would be.
            throw TestWebSocketError.refused(try HTTPResponseParser.parse(bytes, requestMethod: .get))
        }
        answer.onDelivery?(HTTPResponse.Delivery(status: answer.status, contentBytes: answer.bytes.count, isComplete: true))
        if let afterSent = answer.afterSent {
            if waitsForBackgroundTasks { await afterSent() } else { detach(afterSent) }
        }
        let response = try checkHandshake(bytes, key: key, host: host, path: path)
        guard let upgrade = answer.webSocket else { throw TestWebSocketError.invalidHandshake("a 101 without a WebSocket handler") }
        let toServer = DispatchQueue(label: "strata.test.websocket.to-server")
        let toClient = DispatchQueue(label: "strata.test.websocket.to-client")
        let ends = PthreadLock<(client: WebSocketEndpoint?, server: WebSocketEndpoint?)>((nil, nil))
        // Either end done: the "TCP connection" closes for both, after the bytes in flight.
        let closeBoth: @Sendable () -> Void = {
            toClient.async { ends.withLock { $0.client }?.transportClosed() }
            toServer.async { ends.withLock { $0.server }?.transportClosed() }
        }
        let server = WebSocketEndpoint(machine: upgrade.makeStateMachine(), wire: { bytes in
            toClient.async { ends.withLock { $0.client }?.deliver(bytes) }
        }, finish: closeBoth)
        let client = WebSocketEndpoint(machine: Self.clientMachine(for: response), wire: { bytes in
            toServer.async { ends.withLock { $0.server }?.deliver(bytes) }
        }, finish: closeBoth)
        ends.withLock { $0 = (client, server) }
        let socket = WebSocketConnection(transport: server, subprotocol: upgrade.subprotocol)
        Task {
            await upgrade.handler(socket)
            await server.close(.normalClosure, reason: "")
        }
        return TestWebSocket(response: response, endpoint: client)
    }

    /// Live: a TCP connection to the server; a thread reads it, a serial queue writes it.
    private func openLive(_ request: HTTPRequest, key: String, port: Int, host: String, path: String) async throws -> TestWebSocket {
        let (fd, head, rest) = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try Self.handshake(LiveExchange.serialize(request, body: []), port: port) })
            }
        }
        let response: TestResponse
        do {
            response = try checkHandshake(head, key: key, host: host, path: path)
        } catch {
            Glibc.close(fd)
            throw error
        }
        let writes = DispatchQueue(label: "strata.test.websocket.writes")
        let endpoint = WebSocketEndpoint(machine: Self.clientMachine(for: response), wire: { bytes in
            writes.async {
                var offset = 0
                while offset < bytes.count {
                    let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
                    if sent <= 0 { return }
                    offset += sent
                }
            }
        }, finish: {
            // The client failed the connection or finished its close: the server closes TCP
            // first (RFC 6455 §7.1.1); a client that failed it says it sends no more.
            writes.async { _ = Glibc.shutdown(fd, Int32(SHUT_WR)) }
        })
        if !rest.isEmpty { endpoint.deliver(rest) }
        DispatchQueue.global().async {
            while let chunk = try? LiveExchange.receive(fd) {
                endpoint.deliver(chunk)
            }
            endpoint.transportClosed()
            writes.async { Glibc.close(fd) }
        }
        return TestWebSocket(response: response, endpoint: endpoint)
    }

    /// Sends the handshake and reads the answer: the connected socket, the response's bytes,
    /// and what came after them (the first frames).
    private static func handshake(_ request: [UInt8], port: Int) throws -> (Int32, [UInt8], [UInt8]) {
        let fd = try LiveExchange.connectAndSend(request, port: port)
        var received: [UInt8] = []
        while true {
            if let end = try HTTPResponseParser.messageEnd(in: received, requestMethod: .get), received.count >= end {
                // From here on the socket waits as long as the WebSocket lives.
                var forever = timeval(tv_sec: 0, tv_usec: 0)
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &forever, socklen_t(MemoryLayout<timeval>.size))
                return (fd, Array(received[..<end]), Array(received[end...]))
            }
            guard let chunk = try LiveExchange.receive(fd) else {
                Glibc.close(fd)
                throw TestClientError.connectionFailed("the server closed the connection during the WebSocket handshake")
            }
            received += chunk
        }
    }
}
