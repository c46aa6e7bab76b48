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

    /// Accepts every pending connection (the listener is level-triggered).
    func handleEvents(_ events: UInt32) {
        let configuration = server.configuration
        for _ in 0..<256 {
            let fd = accept4(listener, nil, nil, Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue))
            if fd < 0 {
                if errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM {
                    loop.deregister(listener)
                    acceptPaused = true
                }
                return  // EAGAIN: none left.
            }
            if server.isDraining.load(ordering: .relaxed) {
                close(fd)
                continue
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
            } catch {
                close(fd)
                server.openConnections.wrappingSubtract(1, ordering: .relaxed)
            }
        }
    }

    /// Forgets a connection its owner closed.
    func connectionClosed(_ fd: Int32) {
        connections[fd] = nil
        server.openConnections.wrappingSubtract(1, ordering: .relaxed)
    }

    /// Graceful shutdown, step one: no new connections; idle ones close now, busy ones after
    /// their current response.
    func beginDrain() {
        closeListener()
        for connection in Array(connections.values) { connection.drain() }
    }

    /// Graceful shutdown, last step: whatever is left is closed.
    func closeAll() {
        for connection in Array(connections.values) { connection.close() }
    }

    func closeListener() {
        guard listener >= 0 else { return }
        if loop.isInEventLoop { loop.deregister(listener) }
        close(listener)
        listener = -1
    }
}
