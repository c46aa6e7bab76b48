import Synchronization

/// A handler's way to its WebSocket on the server: every call enters the connection's event
/// loop (in place, when the handler's task runs there, as it does unless it hops away).
struct ServerWebSocketTransport: WebSocketTransport {
    let owner: ServerLoop
    let connection: ConnectionID
    /// The link itself, so messages received before the connection closed can still be taken
    /// after it has (the connection is gone from the loop's table by then).
    let link: LoopBound<WebSocketLink>
    /// How it closed, readable from any thread.
    let record: WebSocketCloseRecord

    func receive() async -> WebSocketMessage? {
        let owner = owner, connection = connection, link = link
        let token = record.nextToken()
        return await withTaskCancellationHandler {
            await owner.performWaiting(awaitWebSocketMessage, WebSocketReceive(connection: connection, link: link, token: token))
        } onCancel: {
            // A cancelled handler stops waiting: this receive's waiter is resumed with nil on the loop.
            Task(executorPreference: owner.loop) {
                await owner.perform(cancelWebSocketReceive, WebSocketReceive(connection: connection, link: link, token: token))
            }
        }
    }

    func send(_ message: WebSocketMessage) async throws(WebSocketError) {
        switch await owner.perform(queueWebSocketMessage, (message, connection)) {
        case .written:
            return
        case .blocked:
            // The client reads slower than the handler writes: wait for the socket.
            guard await owner.performWaiting(awaitWebSocketDrain, connection) else {
                throw WebSocketError(closeCode: record.code)
            }
        case .closed:
            throw WebSocketError(closeCode: record.code)
        }
    }

    func close(_ code: WebSocketCloseCode, reason: String) async {
        await owner.perform(closeWebSocket, (connection, code, reason))
    }

    func closeCode() async -> WebSocketCloseCode? {
        record.code
    }
}

/// A value that belongs to one event loop, carried through a `Sendable` wrapper by tasks that
/// hand it back to that loop.
///
/// `@unchecked Sendable`: `value` is only read inside functions isolated to the `ServerLoop`
/// that created it (the entry points below, run by `perform`), so it is only ever touched on
/// that loop's thread; the wrapper itself is immutable.
final class LoopBound<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// One receive: whose link, and which call (so a cancelled one ends only itself).
struct WebSocketReceive: Sendable {
    let connection: ConnectionID
    let link: LoopBound<WebSocketLink>
    let token: Int
}

/// The close code of a server-side WebSocket, written by its event loop once the connection is
/// done with (`nil` while it is open or closing, as the test client's end reports it), and read
/// by its handler from any thread — also after the connection is gone. It also numbers the
/// handler's receives.
final class WebSocketCloseRecord: Sendable {
    private let raw = Atomic<UInt16>(0)
    private let tokens = Atomic<Int>(0)

    var code: WebSocketCloseCode? {
        let value = raw.load(ordering: .acquiring)
        return value == 0 ? nil : WebSocketCloseCode(value)
    }

    /// Records `code` unless one is recorded already.
    func record(_ code: WebSocketCloseCode) {
        _ = raw.compareExchange(expected: 0, desired: code.rawValue, ordering: .acquiringAndReleasing)
    }

    func nextToken() -> Int {
        tokens.wrappingAdd(1, ordering: .relaxed).newValue
    }
}

/// What queueing a message found.
enum WebSocketSendOutcome: Sendable {
    case written
    case blocked
    case closed
}

// Top-level, so `perform` makes no closure context (see ServerLoop+Entry.swift).

private func awaitWebSocketMessage(_ loop: isolated ServerLoop, _ receive: WebSocketReceive, _ waiter: CheckedContinuation<WebSocketMessage?, Never>) {
    let link = receive.link.value
    let wasFull = !link.wantsInput
    link.inbox.take(waiter, token: receive.token)
    // Reading resumes — first with the frames that stayed in the input while the handler had
    // its fill.
    if wasFull && link.wantsInput, let connection = loop.connection(receive.connection) {
        connection.resumeWebSocketInput(link, on: loop)
    }
}

private func cancelWebSocketReceive(_ loop: isolated ServerLoop, _ receive: WebSocketReceive) {
    receive.link.value.inbox.cancelWaiter(token: receive.token)?.resume(returning: nil)
}

private func queueWebSocketMessage(_ loop: isolated ServerLoop, _ send: (message: WebSocketMessage, id: ConnectionID)) -> WebSocketSendOutcome {
    guard let connection = loop.connection(send.id) else { return .closed }
    return connection.queueWebSocketMessage(send.message, on: loop)
}

private func awaitWebSocketDrain(_ loop: isolated ServerLoop, _ id: ConnectionID, _ waiter: CheckedContinuation<Bool, Never>) {
    guard let connection = loop.connection(id) else { return waiter.resume(returning: false) }
    connection.waitForWebSocketDrain(waiter)
}

private func closeWebSocket(_ loop: isolated ServerLoop, _ close: (id: ConnectionID, code: WebSocketCloseCode, reason: String)) {
    loop.connection(close.id)?.closeWebSocket(close.code, reason: close.reason, on: loop)
}

func webSocketHandlerEnded(_ loop: isolated ServerLoop, _ id: ConnectionID) {
    loop.connection(id)?.closeWebSocket(.normalClosure, reason: "", on: loop)
}
