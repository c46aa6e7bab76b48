import CStrataSystem
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Closing a connection: gracefully, at a drain, at once, and when a deadline passes.
extension HTTPConnection {
    // MARK: Closing

    /// Half-closes and reads what the client still sends until it closes too (or a short
    /// deadline passes), so a final response is not destroyed by a reset (RFC 9112 §9.6).
    func closeGracefully() {
        guard phase != .closed else { return }
        if inputClosed {
            close()
            return
        }
        shutdown(fd, Int32(SHUT_WR))
        phase = .lingering
        deadlineKind = .linger
        deadline = now() + 2_000_000_000
        updateInterest()
    }

    /// Graceful shutdown: a busy connection closes after its response, an idle one once it
    /// has been quiet for `drainIdleTimeout`. Closing an idle one at once would reset a request
    /// its client has already sent — it may be in the socket, unread, or still on the wire.
    func drain() {
        draining = true
        switch phase {
        case .head where inputStart == input.count:
            deadlineKind = .idle  // a new request's first byte starts the header timeout
            deadline = min(deadline, now() + configuration.drainIdleTimeout.nanoseconds)
        case .head, .body, .responding:
            break  // `send` sees `draining` and closes after writing.
        case .lingering, .closed:
            break
        }
    }

    func close() {
        guard phase != .closed else { return }
        phase = .closed
        streamTask?.cancel()
        streamTask = nil
        if let waiter = drainWaiter {
            drainWaiter = nil
            waiter.resume(returning: false)
        }
        if let file = fileBody {
            Glibc.close(file.fd)
            fileBody = nil
        }
        // Background work runs even when the client left before the response ended.
        startPendingAfterSent()
        loop.deregister(fd)
        Glibc.close(fd)
        serverLoop.connectionClosed(fd)
    }

    /// Enforces the header, body, idle, write and lingering timeouts.
    func checkTimeouts(now: UInt64) {
        guard phase != .closed else { return }
        if let writeDeadline, now >= writeDeadline {
            // The kernel reports the socket writable only once much of its buffer has drained,
            // so a client reading slowly can take long to wake us. Bytes leaving the send queue
            // are progress too.
            let queued = Self.unsentBytes(fd)
            if queued < unsentAtDeadline {
                unsentAtDeadline = queued
                self.writeDeadline = now + configuration.idleTimeout.nanoseconds
            } else {
                close()  // The client has stopped reading.
            }
            return
        }
        guard now >= deadline else { return }
        switch deadlineKind {
        case .header where phase == .head && inputStart < input.count,
             .body where phase == .body:
            // Slowloris: the client started a request and does not finish it.
            answerWithoutHandler(.requestTimeout)
        case .idle where phase == .responding:
            break  // The handler takes its time; that is not the client's fault.
        default:
            close()
        }
    }

    /// Bytes written to the socket that the peer has not acknowledged yet (`SIOCOUTQ`).
    static func unsentBytes(_ fd: Int32) -> Int {
        var queued: Int32 = 0
        return ioctl(fd, UInt(TIOCOUTQ), &queued) == 0 ? Int(queued) : Int.max
    }

    func now() -> UInt64 {
        EventLoop.monotonicNanoseconds()
    }
}
