/// How the HTTP server listens, and the limits it holds every client to.
///
/// Every limit has a safe default and a test that exceeds it.
public struct ServerConfiguration: Sendable {
    /// The address to bind, e.g. `127.0.0.1` or `0.0.0.0`.
    public var host: String
    /// The TCP port; `0` picks a free one (the live test client does).
    public var port: Int
    /// A listening socket the process was given — by systemd's socket activation
    /// (``socketActivation(environment:processID:)``, which `run()` reads) or a parent process —
    /// to serve instead of binding `host:port`. The server makes it non-blocking (a flag
    /// every holder of the socket shares) and never closes it, only its own duplicates: a
    /// drain stops accepting, and connections wait in the socket's queue for the next process
    /// (see `Documentation/Deployment.md`).
    public var listeningSocket: Int32?
    /// Whether another process may listen on the same port at the same time, the kernel
    /// spreading new connections over both (`SO_REUSEPORT`): for a restart in place, where the
    /// new process starts before the old one drains (see `Documentation/Deployment.md`). Off by
    /// default: a port another process serves is an error at start, not a silent split of its
    /// traffic. Only processes of the same user can share a port.
    public var sharesPort: Bool
    /// Event loops (threads); by default one per CPU this process may run on, so `taskset`
    /// is respected.
    public var eventLoops: Int
    /// The longest request line accepted; longer is 414 (nginx: 8 KiB).
    public var maxRequestLineLength: Int
    /// The longest single header field line accepted; longer is 431 (nginx: 8 KiB).
    public var maxFieldLineLength: Int
    /// The most bytes of header fields accepted in all; more is 431 (nginx: 4 × 8 KiB).
    public var maxHeaderBytes: Int
    /// The most header fields accepted; more is 431.
    public var maxHeaderCount: Int
    /// How long a client may take to send a request's head once it started; then 408 and close.
    public var headerReadTimeout: Duration
    /// How long an idle keep-alive connection is kept open.
    public var idleTimeout: Duration
    /// How long a request body may stall between two reads; then 408 and close.
    public var bodyReadTimeout: Duration
    /// How many connections are served at once; more are closed as soon as they are accepted.
    public var maxConnections: Int
    /// How long a graceful shutdown waits for in-flight requests and background tasks.
    public var drainTimeout: Duration
    /// How long, once a shutdown begins, the server goes on accepting and answering as before
    /// while it reports ``ServerState/draining`` — so a load balancer that polls readiness
    /// takes the instance out before its port closes. Set it to the balancer's check interval
    /// times its failure threshold; zero (the default) drains at once.
    public var drainDelay: Duration
    /// During a graceful shutdown, how long an idle keep-alive connection stays open: a request
    /// its client sent before it learned of the shutdown is answered (with `Connection: close`)
    /// instead of reset. Only as long as a request takes to cross the network.
    public var drainIdleTimeout: Duration
    /// How many finished responses a loop holds back to write together before it next waits
    /// for events; when this many wait, they are written at once. Written one by one between
    /// handlers, the responses of a busy loop wake a peer that keeps up (a proxy on the same
    /// host) for nearly each one, at the server's cost. A held response waits for at most this
    /// many others' handlers; 1 writes each at once.
    public var maxBatchedResponses: Int

    /// A configuration; every argument is optional.
    public init(
        host: String = "127.0.0.1",
        port: Int = 8000,
        listeningSocket: Int32? = nil,
        sharesPort: Bool = false,
        eventLoops: Int = ServerConfiguration.availableProcessors(),
        maxRequestLineLength: Int = 8 * 1024,
        maxFieldLineLength: Int = 8 * 1024,
        maxHeaderBytes: Int = 32 * 1024,
        maxHeaderCount: Int = 500,
        headerReadTimeout: Duration = .seconds(10),
        idleTimeout: Duration = .seconds(60),
        bodyReadTimeout: Duration = .seconds(30),
        maxConnections: Int = 10_000,
        drainTimeout: Duration = .seconds(30),
        drainDelay: Duration = .zero,
        drainIdleTimeout: Duration = .milliseconds(500),
        maxBatchedResponses: Int = 32
    ) {
        self.host = host
        self.port = port
        self.sharesPort = sharesPort
        self.listeningSocket = listeningSocket
        self.eventLoops = max(1, eventLoops)
        self.maxRequestLineLength = maxRequestLineLength
        self.maxFieldLineLength = maxFieldLineLength
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.headerReadTimeout = headerReadTimeout
        self.idleTimeout = idleTimeout
        self.bodyReadTimeout = bodyReadTimeout
        self.maxConnections = maxConnections
        self.drainTimeout = drainTimeout
        self.drainDelay = drainDelay
        self.drainIdleTimeout = drainIdleTimeout
        self.maxBatchedResponses = max(1, maxBatchedResponses)
    }
}
