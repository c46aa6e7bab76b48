/// A connection's state once it is a WebSocket (``ConnectionState/upgraded(_:)``): the
/// protocol's state machine, the messages waiting for the handler, the output, and the
/// clocks for pings and the close handshake. Owned by the connection's event loop.
final class WebSocketLink {
    var machine: WebSocketStateMachine
    var inbox = WebSocketInbox()
    /// Output and its flushing, stall detection and drain waiter, as for an HTTP response.
    let writer: ResponseWriter
    let options: WebSocketOptions
    /// The handler's task; cancelled if the connection is lost.
    var handlerTask: Task<Void, Never>?
    /// The first close's code (whoever sent it), a failure's, or 1006 if the connection was lost.
    var closeCode: WebSocketCloseCode?
    /// Where the handler reads the close code once the connection is done.
    let record: WebSocketCloseRecord
    /// When anything last arrived from the client; silence past the ping interval draws a ping.
    var lastHeard: UInt64
    /// When our unanswered ping went out.
    var pingSent: UInt64?
    /// Sending tasks waiting for the output to drain.
    var drainWaiters: [CheckedContinuation<Bool, Never>] = []
    /// When our close went out: the client must answer within the close timeout.
    var closeSentAt: UInt64?

    init(machine: WebSocketStateMachine, writer: ResponseWriter, options: WebSocketOptions, record: WebSocketCloseRecord, now: UInt64) {
        self.machine = machine
        self.record = record
        self.writer = writer
        self.options = options
        lastHeard = now
    }

    /// Whether the socket is read: not once the protocol is done, and not while the handler
    /// has more than its share of messages waiting (backpressure).
    var wantsInput: Bool {
        // After our close, data is dropped unread: the client's close must get through.
        !machine.isFinished && !machine.closeReceived
            && (machine.closeSent || inbox.bufferedBytes < options.maxBufferedBytes)
            && writer.pendingOutputBytes < Self.maxPendingOutput
    }

    /// The most output (pongs, the handler's messages) kept while the client does not read it
    /// before the server stops reading too: a client that floods pings and reads nothing
    /// cannot grow the server's memory.
    static let maxPendingOutput = 256 * 1024

    /// Whether reading is paused for the handler or for the client's reading, rather than
    /// finished: silence then is not the client's.
    var isHeldBack: Bool {
        !machine.isFinished && !machine.closeReceived && !wantsInput
    }

    /// The connection is done: its code is final and the handler's waits end.
    func finish(_ code: WebSocketCloseCode) {
        closeCode = closeCode ?? code
        record.record(closeCode!)
        inbox.end(closeCode!)
    }

    /// Applies what the client's bytes produced.
    func handle(_ event: WebSocketStateMachine.Event) {
        switch event {
        case .message(let message):
            inbox.push(message)
        case .closeReceived(let code, _):
            finish(code)
        case .ping, .pong:
            break
        }
    }
}
