import CStrataSystem
import Glibc
import Synchronization

/// Strata's HTTP/1.1 server: epoll event loops, one per CPU by default, each with its own
/// `SO_REUSEPORT` listener, handing requests to an ``HTTPResponder``.
///
/// ```swift
/// let app = try App(routes: [Get("/") { _ in "Hello" }]).build()
/// let server = HTTPServer(configuration: ServerConfiguration(port: 8080), responder: app)
/// try server.start()
/// // …
/// let report = await server.shutdown()   // graceful: in-flight requests and background work finish
/// ```
public final class HTTPServer: Sendable {
    /// The addresses, limits and timeouts the server runs with.
    public let configuration: ServerConfiguration
    let responder: any HTTPResponder

    private struct Running {
        var loops: [ServerLoop] = []
        var threads: [LoopThread] = []
        var address: PeerAddress?
        var port: Int?
    }
    private let running = PthreadLock(Running())

    /// Open connections across all loops, for `maxConnections` and draining.
    let openConnections = Atomic<Int>(0)
    /// Set once shutdown is asked for.
    private let shutdownBegan = Atomic<Bool>(false)
    /// Set once the drain begins (after `drainDelay`): no new connections, no more keep-alive.
    let isDraining = Atomic<Bool>(false)
    private let backgroundWork = PthreadLock<(nextID: Int, running: [Int: String])>((0, [:]))

    /// A server for `responder`; nothing listens until ``start()``.
    public init(configuration: ServerConfiguration = ServerConfiguration(), responder: any HTTPResponder) {
        self.configuration = configuration
        self.responder = responder
    }

    /// The running event loops (for tests that check where work runs).
    var eventLoops: [EventLoop] {
        running.withLock { $0.loops.map(\.loop) }
    }

    /// The port the server listens on, once started.
    public var port: Int? {
        running.withLock { $0.port }
    }

    /// The address and port the server listens on, once started — for an inherited socket,
    /// the one it was bound to.
    public var localAddress: PeerAddress? {
        running.withLock { $0.address }
    }

    /// Binds the listeners and starts the event loops; returns the bound port (useful with
    /// port 0, which picks a free one).
    ///
    /// Throws ``ListenError`` when the port cannot be had — ``ListenError/Reason/addressInUse``
    /// when another process serves it, unless ``ServerConfiguration/sharesPort`` allows that.
    @discardableResult
    public func start() throws -> Int {
        try running.withLock { (running: inout Running) throws -> Int in
            if let port = running.port { return port }
            // A peer that disappears must not kill the process with SIGPIPE.
            signal(SIGPIPE, SIG_IGN)
            Self.raiseDescriptorLimit()
            let listeners = try bindListeners()
            var eventLoops: [EventLoop] = []
            do throws(SystemError) {
                for index in 0..<configuration.eventLoops {
                    eventLoops.append(try EventLoop(index: index))
                }
            } catch {
                for listener in listeners { close(listener) }
                throw error
            }
            let address = Socket.localAddress(of: listeners[0])
            let port = address?.port ?? configuration.port
            let inherited = configuration.listeningSocket != nil
            let loops = zip(eventLoops, listeners).map { ServerLoop(loop: $0, listener: $1, sharedListener: inherited, server: self) }
            var threads: [LoopThread] = []
            for (index, serverLoop) in loops.enumerated() {
                do throws(SystemError) {
                    threads.append(try LoopThread {
                        // As `top -H`, `ps -L` and debuggers show it.
                        pthread_setname_np(pthread_self(), "strata-loop-\(index)")
                        serverLoop.loop.execute { serverLoop.assumeIsolated { $0.start() } }
                        serverLoop.loop.run()
                    })
                } catch {
                    // The loops already running close their listeners and stop; the others
                    // never started, and their listeners are closed here.
                    for running in loops[..<index] {
                        running.loop.execute { running.assumeIsolated { $0.closeListener() } }
                        running.loop.stop()
                    }
                    for thread in threads { thread.join() }
                    for listener in listeners[index...] { close(listener) }
                    throw error
                }
            }
            running.loops = loops
            running.threads = threads
            running.port = port
            running.address = address
            responder.serverStateDidChange(.ready)
            return port
        }
    }

    /// Stops gracefully: tells the responder it drains, waits `drainDelay` serving as before,
    /// stops accepting, closes idle connections (after `drainIdleTimeout`),
    /// lets in-flight requests and their background work finish within
    /// `configuration.drainTimeout`, then stops the loops. What is still running at the deadline is in the report, never dropped silently.
    public func shutdown() async -> ShutdownReport {
        let (loops, threads) = running.withLock { ($0.loops, $0.threads) }
        guard !loops.isEmpty, !shutdownBegan.exchange(true, ordering: .acquiringAndReleasing) else {
            return ShutdownReport(unfinishedConnections: 0, unfinishedBackgroundWork: [])
        }
        responder.serverStateDidChange(.draining)
        // Business as usual while load balancers notice the readiness check failing.
        if configuration.drainDelay > .zero {
            try? await Task.sleep(for: configuration.drainDelay)
        }
        isDraining.store(true, ordering: .releasing)
        let deadline = ContinuousClock.now + configuration.drainTimeout
        // Waited for: a drain takes in the connections still queued at the listener, and the
        // count below must include them.
        for serverLoop in loops {
            await serverLoop.beginDrain()
        }
        while ContinuousClock.now < deadline {
            let busy = openConnections.load(ordering: .acquiring) > 0 || backgroundWork.withLock { !$0.running.isEmpty }
            if !busy { break }
            try? await Task.sleep(for: .milliseconds(10))
        }
        let unfinishedConnections = openConnections.load(ordering: .acquiring)
        // Whatever is left is closed now; work a closing connection starts is counted too.
        for serverLoop in loops {
            await serverLoop.closeAll()
        }
        let report = ShutdownReport(
            unfinishedConnections: unfinishedConnections,
            unfinishedBackgroundWork: backgroundWork.withLock { $0.running.sorted { $0.key < $1.key }.map(\.value) })
        for serverLoop in loops {
            serverLoop.loop.stop()
        }
        for thread in threads { thread.join() }
        running.withLock { $0 = Running() }
        responder.serverStateDidChange(.stopped)
        return report
    }

    /// One listener per event loop, sharing the port among themselves (`SO_REUSEPORT`, the
    /// kernel spreads connections over them) — and with other processes only if
    /// `sharesPort` says so: otherwise a probe that does not share first checks that nobody
    /// listens there, since a sharing listener would join another process's group silently.
    /// (Two processes probing in the same instant could both pass; a start is not that fast.)
    private func bindListeners() throws(ListenError) -> [Int32] {
        var port = configuration.port
        var listeners: [Int32] = []
        if let inherited = configuration.listeningSocket {
            do throws(SystemError) {
                return try Socket.duplicates(ofListener: inherited, count: configuration.eventLoops)
            } catch {
                throw ListenError(host: "inherited socket", port: Int(inherited), sharesPort: false, error: error)
            }
        }
        do throws(SystemError) {
            if !configuration.sharesPort && port != 0 {
                try Socket.checkPortIsFree(host: configuration.host, port: port)
            }
            for _ in 0..<configuration.eventLoops {
                let listener = try Socket.listen(host: configuration.host, port: port, reusePort: true)
                listeners.append(listener)
                if port == 0 { port = Socket.localPort(of: listener) }
            }
        } catch {
            for listener in listeners { close(listener) }
            throw ListenError(host: configuration.host, port: port, sharesPort: configuration.sharesPort, error: error)
        }
        return listeners
    }

    /// Raises the soft limit on open files to the hard limit, so `maxConnections` can be reached
    /// (a common soft limit is 1024).
    private static func raiseDescriptorLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }

    /// A response that will never be written (its client left, or the connection answered
    /// for itself): its delivery is reported as incomplete, and its background work runs.
    func dropUnsent(_ response: HTTPResponse, on loop: EventLoop) {
        response.webSocket?.abandon()
        response.onDelivery?(HTTPResponse.Delivery(status: response.status, contentBytes: 0, isComplete: false))
        if let afterSent = response.afterSent {
            runAfterSent(afterSent, label: response.afterSentLabel, on: loop)
        }
    }

    /// Runs a response's after-send work (background tasks) on `loop`, counted until it ends
    /// so shutdown can wait for it.
    func runAfterSent(_ work: @escaping @Sendable () async -> Void, label: String, on loop: EventLoop) {
        let id = backgroundWork.withLock { state in
            state.nextID += 1
            state.running[state.nextID] = label.isEmpty ? "background work" : label
            return state.nextID
        }
        Task(executorPreference: loop) {
            await work()
            _ = self.backgroundWork.withLock { $0.running.removeValue(forKey: id) }
        }
    }
}

/// What a graceful shutdown left unfinished at its deadline.
public struct ShutdownReport: Sendable, Equatable, CustomStringConvertible {
    /// Connections still open (requests still in flight) when the loops stopped.
    public let unfinishedConnections: Int
    /// Background work still running, by label.
    public let unfinishedBackgroundWork: [String]

    /// Whether everything finished within the drain timeout.
    public var isClean: Bool { unfinishedConnections == 0 && unfinishedBackgroundWork.isEmpty }

    public var description: String {
        if isClean { return "all requests and background work finished" }
        var parts: [String] = []
        if unfinishedConnections > 0 { parts.append("\(unfinishedConnections) connection(s) still open") }
        if !unfinishedBackgroundWork.isEmpty {
            parts.append("\(unfinishedBackgroundWork.count) background task(s) still running: " + unfinishedBackgroundWork.joined(separator: "; "))
        }
        return "drain timeout reached: " + parts.joined(separator: ", ")
    }
}
