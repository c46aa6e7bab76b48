import FoundationEssentials
import Strata

/// A test's end of a WebSocket to the app, in process or over TCP, with one API.
///
/// ```swift partial
/// let socket = try await client.webSocket("/echo")
/// try await socket.send("hello")
/// #expect(try await socket.receiveText() == "hello")
/// await socket.close()
/// #expect(try await socket.closeCode() == .normalClosure)
/// ```
public final class TestWebSocket: Sendable {
    /// The handshake's `101 Switching Protocols`.
    public let response: TestResponse
    let endpoint: WebSocketEndpoint

    init(response: TestResponse, endpoint: WebSocketEndpoint) {
        self.response = response
        self.endpoint = endpoint
    }

    /// The subprotocol the app agreed to, if any.
    public var subprotocol: String? { response.headers["Sec-WebSocket-Protocol"] }

    /// Sends a text message.
    public func send(_ text: String) async throws {
        try await endpoint.send(.text(text))
    }

    /// Sends a binary message.
    public func send(_ bytes: [UInt8]) async throws {
        try await endpoint.send(.binary(bytes))
    }

    /// Sends `value` as JSON in a text message.
    public func send<Value: Encodable>(json value: Value) async throws {
        try await endpoint.send(.text(String(decoding: try JSONValueEncoder().encode(value), as: UTF8.self)))
    }

    /// Sends a ping; the app's end answers with a pong on its own.
    public func ping(_ payload: [UInt8] = []) {
        endpoint.ping(payload)
    }

    /// Sends bytes as they are, frames or not: for tests of how the app treats a broken peer.
    /// The bytes must be masked as a client's frames are, unless the test wants them refused.
    public func sendRaw(_ bytes: [UInt8]) {
        endpoint.sendRaw(bytes)
    }

    /// The next message; `nil` once the connection is closed. Throws
    /// ``TestWebSocketError/timedOut(_:)`` if nothing arrives within `timeout`.
    public func receive(timeout: Duration = .seconds(5)) async throws -> WebSocketMessage? {
        do {
            return try await endpoint.receive(timeout: timeout)
        } catch {
            throw TestWebSocketError.timedOut(timeout)
        }
    }

    /// The next message, which must be text.
    public func receiveText(timeout: Duration = .seconds(5)) async throws -> String {
        guard let message = try await receive(timeout: timeout) else { throw TestWebSocketError.closed(await endpoint.closeCode()) }
        guard case .text(let text) = message else { throw TestWebSocketError.unexpectedMessage(message) }
        return text
    }

    /// The next message, which must be binary.
    public func receiveBinary(timeout: Duration = .seconds(5)) async throws -> [UInt8] {
        guard let message = try await receive(timeout: timeout) else { throw TestWebSocketError.closed(await endpoint.closeCode()) }
        guard case .binary(let bytes) = message else { throw TestWebSocketError.unexpectedMessage(message) }
        return bytes
    }

    /// The next message decoded from JSON.
    public func receiveJSON<Value: Decodable>(_ type: Value.Type = Value.self, timeout: Duration = .seconds(5)) async throws -> Value {
        guard let message = try await receive(timeout: timeout) else { throw TestWebSocketError.closed(await endpoint.closeCode()) }
        return try message.decode(type)
    }

    /// Starts the close handshake; ``closeCode(timeout:)`` waits for its end.
    public func close(_ code: WebSocketCloseCode = .normalClosure, reason: String = "") async {
        await endpoint.close(code, reason: reason)
    }

    /// How the connection closed, waiting up to `timeout` for it to close; messages that
    /// arrive meanwhile are dropped.
    public func closeCode(timeout: Duration = .seconds(5)) async throws -> WebSocketCloseCode {
        let deadline = ContinuousClock.now + timeout
        while true {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { throw TestWebSocketError.timedOut(timeout) }
            if try await receive(timeout: left) == nil { break }
        }
        return await endpoint.closeCode() ?? .abnormalClosure
    }
}
