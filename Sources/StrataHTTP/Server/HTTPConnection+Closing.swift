import CStrataSystem
import Glibc

/// Closing a connection: gracefully, at a drain, at once, and when a deadline passes.
extension HTTPConnection {
    /// Half-closes and reads what the client still sends until it closes too (or a short
    /// deadline passes), so a final response is not destroyed by a reset (RFC 9112 §9.6).
    func closeGracefully(on owner: isolated ServerLoop) {
        guard !isClosed else { return }
        if inputClosed {
            close(on: owner)
            return
        }
        shutdown(fd, Int32(SHUT_WR))
        state = .lingering(deadline: now() + Self.lingerNanoseconds, budget: Self.lingerByteLimit)
        updateInterest()
        process(on: owner)
    }

    /// Graceful shutdown: a busy connection closes after its response, an idle one once it
    /// has been quiet for `drainIdleTimeout`. Closing an idle one at once would reset a request
    /// its client has already sent — it may be in the socket, unread, or still on the wire.
    func drain(on owner: isolated ServerLoop) {
        draining = true
        if case .upgraded = state {
            // A WebSocket is told the server goes away, and has the close timeout to answer.
            closeWebSocket(.goingAway, reason: "server shutting down", on: owner)
            return
        }
        if case .readingHead(let wait) = state, inputStart == input.count {
            // Quiet: it has `drainIdleTimeout` to send a request; its first byte starts the
            // header timeout.
            state = .readingHead(HeadWait(isHeaderDeadline: false, deadline: min(wait.deadline, now() + configuration.drainIdleTimeout.nanoseconds)))
        }
        // Busy connections: the next response sees `draining` and closes after it is written.
    }

    /// Closes at once. A running responder is cancelled — nobody is left to read its answer —
    /// and what it still returns is dropped; its background work still runs.
    func close(on owner: isolated ServerLoop) {
        switch state {
        case .closed:
            return
        case .handling(let exchange):
            if case .reading(let reader) = exchange.body { reader.resume(with: .unavailable) }
            handlerTask?.cancel()
            handlerTask = nil
        case .responding(let writer):
            // Background work runs even when the client left before the response ended.
            if let afterSent = writer.abandon() {
                server.runAfterSent(afterSent.work, label: afterSent.label, on: loop)
            }
        case .upgraded(let link):
            abandonWebSocket(link)
        case .readingHead, .discarding, .lingering:
            break
        }
        state = .closed
        loop.epoll.remove(fd)
        Glibc.close(fd)
        owner.connectionClosed(self)
    }

    /// Enforces the header, body, idle, write and lingering timeouts.
    func checkTimeouts(now: UInt64, on owner: isolated ServerLoop) {
        switch state {
        case .readingHead(let wait):
            guard now >= wait.deadline else { return }
            if inputStart < input.count {
                // Slowloris: the client started a request and does not finish it.
                answerWithoutResponder(.requestTimeout, on: owner)
            } else {
                close(on: owner)
            }
        case .handling(let exchange):
            // The responder takes its time; that is not the client's fault. A body it waits
            // for is.
            // A stream whose consumer is busy is waiting for the responder, not for the client.
            if case .reading(let reader) = exchange.body, now >= reader.deadline, !reader.streams || reader.waiter != nil {
                answerWithoutResponder(.requestTimeout, on: owner)
            }
        case .responding(let writer):
            if writer.hasStalled(socket: fd, now: now, progressTimeout: configuration.idleTimeout.nanoseconds) {
                close(on: owner)  // The client has stopped reading.
            }
        case .discarding(_, let deadline), .lingering(let deadline, _):
            if now >= deadline { close(on: owner) }
        case .upgraded(let link):
            checkWebSocketTimeouts(link, now: now, on: owner)
        case .closed:
            break
        }
    }

    /// How long a closing connection reads what its client still sends.
    static let lingerNanoseconds: UInt64 = 2_000_000_000
    /// The most a closing connection reads and drops before it closes regardless: enough for
    /// what a client sent before it saw the response, not for the rest of a 100 MB upload the
    /// response refused — the client learns of the refusal either way.
    static let lingerByteLimit = 1 << 20
}
