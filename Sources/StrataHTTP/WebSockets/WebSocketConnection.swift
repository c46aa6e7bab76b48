/// One open WebSocket, as a handler uses it: messages in as an async sequence, typed sends
/// out, and the close.
///
/// ```swift partial
/// for await message in socket.messages {
///     guard case .text(let text) = message else { continue }
///     try await socket.send("you said: \(text)")
/// }
/// // The handler returning closes the connection with 1000.
/// ```
///
/// Sends wait while the client reads slower than the handler writes: the server buffers no
/// more than the socket holds plus one message. Messages wait for the handler up to
/// ``WebSocketOptions/maxBufferedBytes``; beyond that the server stops reading the socket.
public final class WebSocketConnection: Sendable {
    package let transport: any WebSocketTransport
    /// The subprotocol agreed in the handshake, if any.
    public let subprotocol: String?

    package init(transport: any WebSocketTransport, subprotocol: String?) {
        self.transport = transport
        self.subprotocol = subprotocol
    }

    /// The next message; `nil` once the connection is closed (by either end, or lost) — then
    /// ``closeCode()`` tells how.
    public func receive() async -> WebSocketMessage? {
        await transport.receive()
    }

    /// The messages, until the connection closes.
    public var messages: Messages { Messages(connection: self) }

    /// Sends a text message.
    public func send(_ text: String) async throws(WebSocketError) {
        try await transport.send(.text(text))
    }

    /// Sends a binary message.
    public func send(_ bytes: [UInt8]) async throws(WebSocketError) {
        try await transport.send(.binary(bytes))
    }

    /// Sends a message.
    public func send(_ message: WebSocketMessage) async throws(WebSocketError) {
        try await transport.send(message)
    }

    /// Starts the close handshake with `code` and `reason` (at most 123 bytes of UTF-8 are
    /// sent). Messages already queued go first; nothing can be sent after. The connection ends
    /// once the client answers, or after ``WebSocketOptions/closeTimeout``.
    public func close(_ code: WebSocketCloseCode = .normalClosure, reason: String = "") async {
        await transport.close(code, reason: reason)
    }

    /// How the connection closed: the client's code, the code the server closed with (1002,
    /// 1007, 1009 when the client broke a rule; the handler's own), or 1006 when it was lost
    /// without a close; `nil` while it is open.
    public func closeCode() async -> WebSocketCloseCode? {
        await transport.closeCode()
    }

    /// The messages of a connection, as an async sequence that ends when it closes.
    public struct Messages: AsyncSequence, Sendable {
        public typealias Element = WebSocketMessage
        let connection: WebSocketConnection

        public func makeAsyncIterator() -> Iterator { Iterator(connection: connection) }

        /// Receives the next message each time.
        public struct Iterator: AsyncIteratorProtocol {
            let connection: WebSocketConnection
            public mutating func next() async -> WebSocketMessage? { await connection.receive() }
            public mutating func next(isolation actor: isolated (any Actor)?) async -> WebSocketMessage? {
                await connection.receive()
            }
        }
    }
}

/// A send on a WebSocket that is closed, or closing.
public struct WebSocketError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The code it closed with, if it has closed.
    public var closeCode: WebSocketCloseCode?

    public init(closeCode: WebSocketCloseCode?) {
        self.closeCode = closeCode
    }

    public var description: String {
        "the WebSocket is closed" + (closeCode.map { " (\($0))" } ?? "")
    }
}

/// What carries a ``WebSocketConnection``: the server's connection on its event loop, or the
/// test client's in-process pair.
package protocol WebSocketTransport: Sendable {
    func receive() async -> WebSocketMessage?
    func send(_ message: WebSocketMessage) async throws(WebSocketError)
    func close(_ code: WebSocketCloseCode, reason: String) async
    func closeCode() async -> WebSocketCloseCode?
}
