import Synchronization

/// What a responder attaches to a `101 Switching Protocols` response so the transport turns
/// the connection into a WebSocket and runs `handler` on it.
///
/// A class: a response carries it by one reference, so responses that do not upgrade (all
/// but one per WebSocket) pay one word, not the options and the closure.
package final class WebSocketUpgrade: Sendable {
    package let options: WebSocketOptions
    /// The permessage-deflate parameters agreed in the handshake, if any.
    package let deflate: WebSocketDeflateParameters?
    /// The subprotocol agreed in the handshake, if any.
    package let subprotocol: String?
    /// Runs once the 101 is queued; when it returns, the server closes the connection with
    /// 1000 unless the handler closed it already.
    package let handler: @Sendable (WebSocketConnection) async -> Void
    /// Called instead of `handler` when the 101 is never written (the client left first, the
    /// head could not be written): what the handler would have cleaned up after itself.
    private let onAbandon: (@Sendable () -> Void)?
    private let settled = Atomic<Bool>(false)

    package init(options: WebSocketOptions, deflate: WebSocketDeflateParameters?, subprotocol: String?,
                 onAbandon: (@Sendable () -> Void)? = nil, handler: @escaping @Sendable (WebSocketConnection) async -> Void) {
        self.options = options
        self.deflate = deflate
        self.subprotocol = subprotocol
        self.onAbandon = onAbandon
        self.handler = handler
    }

    /// The upgrade will not happen: runs `onAbandon`, once.
    package func abandon() {
        guard !settled.exchange(true, ordering: .acquiringAndReleasing) else { return }
        onAbandon?()
    }

    /// A state machine for the server's end of the connection.
    package func makeStateMachine() -> WebSocketStateMachine {
        WebSocketStateMachine(role: .server, maxFrameSize: options.maxFrameSize, maxMessageSize: options.maxMessageSize,
                              deflate: deflate.map { WebSocketDeflate(parameters: $0, role: .server, level: options.compression?.level ?? 6) })
    }
}
