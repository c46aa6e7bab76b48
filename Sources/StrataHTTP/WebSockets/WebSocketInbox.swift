/// Messages received and not yet taken, the one task waiting for the next, and how the
/// connection ended. Not thread-safe: its owner (the event loop, or a lock) guards it.
package struct WebSocketInbox: Sendable {
    private var queue = RingBuffer<WebSocketMessage>()
    /// The payload bytes queued: the server stops reading past its limit.
    package private(set) var bufferedBytes = 0
    private var waiter: CheckedContinuation<WebSocketMessage?, Never>?
    /// Which receive the waiter belongs to, so a cancelled one cannot end a later one.
    private var waiterToken = 0
    /// Set once no message will arrive any more.
    package private(set) var endCode: WebSocketCloseCode?

    package init() {}

    package var isEnded: Bool { endCode != nil }

    /// Hands `message` to the waiting task, or queues it.
    package mutating func push(_ message: WebSocketMessage) {
        guard endCode == nil else { return }
        if let waiter {
            self.waiter = nil
            waiter.resume(returning: message)
        } else {
            queue.append(message)
            bufferedBytes += Self.size(of: message)
        }
    }

    /// The next message at once, or `waiter` parked until one arrives or the inbox ends;
    /// whether it was parked. A second task waiting while one already does gets `nil`: one
    /// reader per connection.
    @discardableResult
    package mutating func take(_ waiter: CheckedContinuation<WebSocketMessage?, Never>, token: Int = 0) -> Bool {
        if let message = queue.popFirst() {
            bufferedBytes -= Self.size(of: message)
            waiter.resume(returning: message)
        } else if endCode != nil || self.waiter != nil {
            waiter.resume(returning: nil)
        } else {
            self.waiter = waiter
            waiterToken = token
            return true
        }
        return false
    }

    /// No more messages arrive: the waiting task gets `nil`; queued messages can still be taken.
    package mutating func end(_ code: WebSocketCloseCode) {
        guard endCode == nil else { return }
        endCode = code
        if let waiter {
            self.waiter = nil
            waiter.resume(returning: nil)
        }
    }

    /// Takes back the waiter parked by the receive `token` names (its task was cancelled, or
    /// its time ran out), if it is still parked.
    package mutating func cancelWaiter(token: Int) -> CheckedContinuation<WebSocketMessage?, Never>? {
        guard waiterToken == token, let waiter else { return nil }
        self.waiter = nil
        return waiter
    }

    private static func size(of message: WebSocketMessage) -> Int {
        switch message {
        case .text(let text): return text.utf8.count
        case .binary(let bytes): return bytes.count
        }
    }
}
