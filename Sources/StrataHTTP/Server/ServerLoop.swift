import CStrataSystem
import Glibc

/// One event loop's share of the server: its listener, its connections, its timers, and the
/// buffers they share — an actor isolated to its ``EventLoop``'s serial executor.
///
/// Everything a connection owns is reached only through this actor, so the compiler checks
/// that it is touched on the loop's thread. The loop's I/O callbacks and the connections'
/// own tasks run on that thread already; they enter the actor synchronously, with the thread
/// checked at run time (`ServerLoop+Entry.swift`), instead of hopping through the queue.
actor ServerLoop: EventLoopDriver {
    nonisolated let loop: EventLoop
    nonisolated unowned let server: HTTPServer
    private var listener: Int32
    /// Whether the listener is a copy of a socket the process was given, whose queue every
    /// loop shares — and which outlives this process, so a drain must not change it.
    private let sharedListener: Bool
    /// The open connections, indexed by descriptor.
    private var connections: [HTTPConnection?] = []
    private var nextGeneration: UInt32 = 0
    /// Set while the process is out of file descriptors: the level-triggered listener would
    /// otherwise wake the loop again at once, forever. Retried on the next tick.
    private var acceptPaused = false
    /// A read buffer all of the loop's connections share: reads land here first.
    var scratch = [UInt8](repeating: 0, count: 64 * 1024)
    /// The cached `Date` field value, refreshed at most once a second.
    private(set) var dateField = ""
    private var dateSecond = -1
    /// Connections whose response is complete in their writer but not yet written, and the
    /// list being written (kept for its storage): see `ServerLoop+WriteCoalescing.swift`.
    var deferredWrites: [ConnectionID] = []
    var writingDeferred: [ConnectionID] = []
    /// ``ServerConfiguration/maxBatchedResponses``, read once rather than through the
    /// unowned `server` for every response.
    let maxBatchedResponses: Int

    nonisolated var unownedExecutor: UnownedSerialExecutor {
        loop.serialExecutor.asUnownedSerialExecutor()
    }

    init(loop: EventLoop, listener: Int32, sharedListener: Bool = false, server: HTTPServer) {
        self.loop = loop
        self.listener = listener
        self.sharedListener = sharedListener
        self.server = server
        maxBatchedResponses = server.configuration.maxBatchedResponses
    }

    /// Starts serving: takes the loop's events and watches the listener.
    func start() {
        loop.setDriver(self)
        refreshDate()
        do {
            try loop.epoll.add(listener, events: listenerEvents)
        } catch {
            closeListener()
        }
    }

    /// A shared queue wakes one loop per connection, not all of them.
    private var listenerEvents: UInt32 {
        sharedListener ? EPOLLIN.rawValue | EPOLLEXCLUSIVE.rawValue : EPOLLIN.rawValue
    }

    /// The connection `id` names, if it is still open.
    func connection(_ id: ConnectionID) -> HTTPConnection? {
        guard Int(id.fd) < connections.count, let connection = connections[Int(id.fd)], connection.id == id else { return nil }
        return connection
    }

    func handle(_ event: epoll_event) {
        let token = event.data.u64
        if listener >= 0, token == UInt64(UInt32(bitPattern: listener)) {
            _ = acceptPending(upTo: 256)
            return
        }
        // A stale event for a descriptor that now belongs to another connection is dropped.
        connection(ConnectionID(epollToken: token))?.handleEvents(event.events, on: self)
    }

    func tick(now: UInt64) {
        refreshDate()
        for slot in connections.indices {
            connections[slot]?.checkTimeouts(now: now, on: self)
        }
        if acceptPaused, listener >= 0 {
            acceptPaused = false
            try? loop.epoll.add(listener, events: listenerEvents)
        }
    }

    private func refreshDate() {
        let now = time(nil)
        if now != dateSecond {
            dateSecond = now
            dateField = HTTPDate.format(secondsSince1970: now)
        }
    }

    // MARK: Connections

    /// Accepts up to `limit` connections; returns whether the queue may hold more.
    private func acceptPending(upTo limit: Int) -> Bool {
        let configuration = server.configuration
        let draining = server.isDraining.load(ordering: .relaxed)
        var address = sockaddr_storage()
        for _ in 0..<limit {
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let fd = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    accept4(listener, $0, &length, Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue))
                }
            }
            if fd < 0 {
                if errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM {
                    loop.epoll.remove(listener)
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
            nextGeneration = nextGeneration == .max ? 1 : nextGeneration + 1
            let connection = HTTPConnection(id: ConnectionID(fd: fd, generation: nextGeneration), peer: PeerAddress(address), loop: loop, server: server)
            do {
                try loop.epoll.add(fd, events: connection.interest, token: connection.id.epollToken)
            } catch {
                close(fd)
                server.openConnections.wrappingSubtract(1, ordering: .relaxed)
                continue
            }
            if Int(fd) >= connections.count {
                connections.append(contentsOf: repeatElement(nil, count: Int(fd) - connections.count + 1))
            }
            connections[Int(fd)] = connection
            // Accepted while the server drains: its client connected before the listener
            // closed, so it gets an answer, with `Connection: close`.
            if draining { connection.drain(on: self) }
        }
        return true
    }

    /// Forgets a connection that closed itself.
    func connectionClosed(_ connection: HTTPConnection) {
        let slot = Int(connection.id.fd)
        if slot < connections.count, connections[slot] === connection {
            connections[slot] = nil
        }
        server.openConnections.wrappingSubtract(1, ordering: .relaxed)
    }

    // MARK: Shutdown

    /// Graceful shutdown, step one: no new connections; busy ones close after their current
    /// response, idle ones after `drainIdleTimeout`.
    func beginDrain() {
        // Closing a listener resets the connections in its accept queue: their clients believe
        // they are connected and may have sent a request. So the listener first stops new
        // handshakes (a client's SYN goes unanswered; its retry finds the port closed), then
        // the queue is taken in and served, then the listener closes.
        if listener >= 0 && !sharedListener {
            Self.refuseNewHandshakes(listener)
            if !acceptPaused {
                for _ in 0..<1_000 where acceptPending(upTo: 256) {}
            }
        }
        // A socket the process was given outlives it: it is left as it was, and connections
        // in its queue, or arriving from now on, wait there for the next process. Only this
        // loop's copy closes.
        closeListener()
        for connection in connections {
            connection?.drain(on: self)
        }
    }

    /// Graceful shutdown, last step: whatever is left is closed.
    func closeAll() {
        for connection in connections {
            connection?.close(on: self)
        }
    }

    /// Closes the listener; a start that failed half-way calls it before the loop runs.
    func closeListener() {
        guard listener >= 0 else { return }
        loop.epoll.remove(listener)
        close(listener)
        listener = -1
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
}
