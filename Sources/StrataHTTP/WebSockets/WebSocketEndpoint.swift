/// One end of a WebSocket driven under a lock rather than by an event loop: both ends of the
/// test client's in-process pair, and the test client's end of a live connection.
///
/// Bytes for the peer go to `wire`, which is called under the lock so frames keep their
/// order; it must not block (it hands them to a serial queue). `finish` is called once the
/// protocol is done with the connection (both closes, or a failure): the transport under it
/// closes.
package final class WebSocketEndpoint: WebSocketTransport {
    private struct State: Sendable {
        var machine: WebSocketStateMachine
        var inbox = WebSocketInbox()
        var input: [UInt8] = []
        /// The first close's code (whoever sent it), a failure's, or 1006 if the bytes ended first.
        var closeCode: WebSocketCloseCode?
        var finished = false
        var nextWaiter = 0
        /// Receives whose time ran out, told when they park (or at once, if parked already).
        var timedOut: Set<Int> = []
    }

    private let state: PthreadLock<State>
    private let wire: @Sendable ([UInt8]) -> Void
    private let finish: @Sendable () -> Void

    package init(machine: WebSocketStateMachine, wire: @escaping @Sendable ([UInt8]) -> Void, finish: @escaping @Sendable () -> Void) {
        state = PthreadLock(State(machine: machine))
        self.wire = wire
        self.finish = finish
    }

    /// Bytes from the peer.
    package func deliver(_ bytes: [UInt8]) {
        let done = state.withLock { state -> Bool in
            guard !state.finished else { return false }
            state.input += bytes
            var output: [UInt8] = []
            var events: [WebSocketStateMachine.Event] = []
            let consumed = state.input.withUnsafeBufferPointer { buffer in
                state.machine.consume(buffer, output: &output) { events.append($0) }
            }
            state.input.removeFirst(consumed)
            var peerClose: WebSocketCloseCode?
            for event in events {
                switch event {
                case .message(let message): state.inbox.push(message)
                case .closeReceived(let code, _): peerClose = code
                case .ping, .pong: break
                }
            }
            if let failure = state.machine.failure {
                state.closeCode = state.closeCode ?? failure
                state.inbox.end(failure)
            } else if let peerClose {
                state.closeCode = state.closeCode ?? peerClose
                state.inbox.end(peerClose)
            }
            if !output.isEmpty { wire(output) }
            return finishIfDone(&state)
        }
        if done { finish() }
    }

    /// The peer's bytes ended (its TCP side closed): no more messages; a close that never
    /// came makes the code 1006.
    package func transportClosed() {
        state.withLock { state in
            state.finished = true
            state.closeCode = state.closeCode ?? .abnormalClosure
            state.inbox.end(state.closeCode!)
        }
    }

    private func finishIfDone(_ state: inout State) -> Bool {
        guard state.machine.isFinished, !state.finished else { return false }
        state.finished = true
        return true
    }

    package func receive() async -> WebSocketMessage? {
        await withCheckedContinuation { waiter in
            state.withLock { _ = $0.inbox.take(waiter, token: -1) }
        }
    }

    /// The next message, waiting at most `timeout`; throws ``Timeout`` if none came by then.
    package func receive(timeout: Duration) async throws -> WebSocketMessage? {
        let id = state.withLock { state -> Int in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        let timer = Task { [state] in
            try? await Task.sleep(for: timeout)
            guard !Task.isCancelled else { return }
            // A receive that got its message keeps it; one that is parked is woken; one that
            // has not parked yet learns it as it does.
            let waiter = state.withLock { state -> CheckedContinuation<WebSocketMessage?, Never>? in
                state.timedOut.insert(id)
                return state.inbox.cancelWaiter(token: id)
            }
            waiter?.resume(returning: nil)
        }
        let message: WebSocketMessage? = await withCheckedContinuation { waiter in
            state.withLock { state in
                if state.timedOut.contains(id) {
                    waiter.resume(returning: nil)
                } else {
                    _ = state.inbox.take(waiter, token: id)
                }
            }
        }
        timer.cancel()
        let timedOut = state.withLock { state -> Bool in
            state.timedOut.remove(id) != nil && message == nil
        }
        if timedOut { throw Timeout(duration: timeout) }
        return message
    }

    /// No message arrived within the time a test allowed.
    package struct Timeout: Error, Sendable {
        package let duration: Duration
    }

    package func send(_ message: WebSocketMessage) async throws(WebSocketError) {
        let code: WebSocketCloseCode?? = state.withLock { state in
            var output: [UInt8] = []
            guard !state.finished, state.machine.write(message, into: &output) else { return .some(state.closeCode) }
            wire(output)
            return .none
        }
        if case .some(let code) = code { throw WebSocketError(closeCode: code) }
    }

    /// Sends a ping with `payload`.
    package func ping(_ payload: [UInt8] = []) {
        state.withLock { state in
            var output: [UInt8] = []
            if !state.finished, state.machine.writePing(payload, into: &output) { wire(output) }
        }
    }

    package func close(_ code: WebSocketCloseCode, reason: String) async {
        let done = state.withLock { state -> Bool in
            guard !state.finished, !state.machine.closeSent else { return false }
            var output: [UInt8] = []
            state.machine.writeClose(code, reason: reason, into: &output)
            state.closeCode = state.closeCode ?? (code.isSendable ? code : .normalClosure)
            wire(output)
            return finishIfDone(&state)
        }
        if done { finish() }
    }

    /// Sends raw bytes, as they are: for tests that break the protocol on purpose.
    package func sendRaw(_ bytes: [UInt8]) {
        state.withLock { _ in wire(bytes) }
    }

    package func closeCode() async -> WebSocketCloseCode? {
        state.withLock { $0.finished || $0.inbox.isEnded ? $0.closeCode : nil }
    }
}
