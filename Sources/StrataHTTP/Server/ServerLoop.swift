import CStrataSystem
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One event loop's share of the server: its listener, its connections, its timers.
///
/// `@unchecked Sendable`: created on the starting thread and then touched only on its loop's
/// thread — every use after `init` goes through `loop.execute` or an epoll callback.
final class ServerLoop: EventLoopHandler, @unchecked Sendable {
    let loop: EventLoop
    unowned let server: HTTPServer
    private var listener: Int32
    private var connections: [Int32: HTTPConnection] = [:]
    /// Set while the process is out of file descriptors: the level-triggered listener would
    /// otherwise wake the loop again at once, forever. Retried on the next tick.
    private var acceptPaused = false
    /// A read buffer all of the loop's connections share: reads land here first.
    var scratch = [UInt8](repeating: 0, count: 64 * 1024)

    init(loop: EventLoop, listener: Int32, server: HTTPServer) throws(SystemError) {
        self.loop = loop
        self.listener = listener
        self.server = server
    }

    func startAccepting() {
        do {
            try loop.register(listener, events: EPOLLIN.rawValue, handler: self)
        } catch {
            closeListener()
        }
        loop.onTick { [unowned self] in
            let now = EventLoop.monotonicNanoseconds()
            for connection in connections.values { connection.checkTimeouts(now: now) }
            if acceptPaused, listener >= 0 {
                acceptPaused = false
                try? loop.register(listener, events: EPOLLIN.rawValue, handler: self)
            }
        }
    }

    /// Accepts pending connections (the listener is level-triggered, so a batch at a time is
    /// enough).
    func handleEvents(_ events: UInt32) {
        _ = acceptPending(upTo: 256)
    }

    /// Accepts up to `limit` connections; returns whether the queue may hold more.
    private func acceptPending(upTo limit: Int) -> Bool {
        let configuration = server.configuration
        let draining = server.isDraining.load(ordering: .relaxed)
        for _ in 0..<limit {
            let fd = accept4(listener, nil, nil, Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue))
            if fd < 0 {
                if errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM {
                    loop.deregister(listener)
                    acceptPaused = true
                }
                return false  // EAGAIN: none left.
            }
            // Over the limit, a connection is closed at once: cheaper than serving it slowly.
            if server.openConnections.wrappingAdd(1, ordering: .relaxed).newValue > configuration.maxConnections {
                server.openConnections.wrappingSubtract(1, ordering: .relaxed)
                close(fd)
                continue
            }
            Socket.setNoDelay(fd)
            let connection = HTTPConnection(fd: fd, serverLoop: self)
            do {
                try loop.register(fd, events: connection.interest, handler: connection)
                connections[fd] = connection
                // Accepted while the server drains: its client connected before the listener
                // closed, so it gets an answer, with `Connection: close`.
                if draining { connection.drain() }
            } catch {
                close(fd)
                server.openConnections.wrappingSubtract(1, ordering: .relaxed)
            }
        }
        return true
    }

    /// Forgets a connection its owner closed.
    func connectionClosed(_ fd: Int32) {
        connections[fd] = nil
        server.openConnections.wrappingSubtract(1, ordering: .relaxed)
    }

    /// Graceful shutdown, step one: no new connections; busy ones close after their current
    /// response, idle ones after `drainIdleTimeout`.
    func beginDrain() {
        // Closing a listener resets the connections in its accept queue: their clients believe
        // they are connected and may have sent a request. So the listener first stops new
        // handshakes (a client's SYN goes unanswered; its retry finds the port closed), then
        // the queue is taken in and served, then the listener closes.
        if listener >= 0 {
            Self.refuseNewHandshakes(listener)
            if !acceptPaused {
                for _ in 0..<1_000 where acceptPending(upTo: 256) {}
            }
        }
        closeListener()
        for connection in Array(connections.values) { connection.drain() }
    }

    /// Graceful shutdown, last step: whatever is left is closed.
    func closeAll() {
        for connection in Array(connections.values) { connection.close() }
    }

    /// Attaches a classic BPF filter that drops TCP segments with SYN set: no new handshake
    /// starts, while those under way still complete (their ACK passes) and land in the queue.
    /// A socket filter sees the segment from its TCP header on; byte 13 holds the flags.
    static func refuseNewHandshakes(_ socket: Int32) {
        var program: [sock_filter] = [
            sock_filter(code: UInt16(BPF_LD | BPF_B | BPF_ABS), jt: 0, jf: 0, k: 13),
            sock_filter(code: UInt16(BPF_JMP | BPF_JSET | BPF_K), jt: 0, jf: 1, k: 0x02),  // SYN?
            sock_filter(code: UInt16(BPF_RET | BPF_K), jt: 0, jf: 0, k: 0),  // drop
            sock_filter(code: UInt16(BPF_RET | BPF_K), jt: 0, jf: 0, k: UInt32.max),  // keep
        ]
        program.withUnsafeMutableBufferPointer { instructions in
            var fprog = sock_fprog(len: UInt16(instructions.count), filter: instructions.baseAddress)
            _ = setsockopt(socket, SOL_SOCKET, SO_ATTACH_FILTER, &fprog, socklen_t(MemoryLayout<sock_fprog>.size))
        }
    }

    func closeListener() {
        guard listener >= 0 else { return }
        if loop.isInEventLoop { loop.deregister(listener) }
        close(listener)
        listener = -1
    }
}
