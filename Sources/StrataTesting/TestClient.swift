import FoundationEssentials
import Strata

/// Sends requests to an app and reads its responses, for tests.
///
/// The in-process transport runs the whole pipeline — routing, layers, rendering, the same
/// HTTP/1.1 serializer the server uses — without a socket, and parses the bytes back; the
/// live transport (`transport: .live`) runs Strata's server on an ephemeral port of
/// 127.0.0.1 and talks to it over TCP. The API is the same:
///
/// ```swift partial
/// let client = try TestClient(app)
/// let response = try await client.get("/users/7")
/// #expect(response.status == .ok)
/// #expect(try response.json(User.self).name == "Ada")
/// ```
///
/// It keeps a ``CookieJar`` (on the host `strata.test`, which jars accept for `Domain`
/// cookies), waits for background tasks before returning unless told not to, and runs the
/// app's startup hooks before the first request; call ``shutdown()`` — or use
/// ``run(_:followsRedirects:waitsForBackgroundTasks:_:)``, which does both — to run the
/// shutdown hooks.
public final class TestClient: Sendable {
    /// The app under test.
    public let app: ResolvedApp
    /// The cookies the client has received and will send.
    public let cookies: CookieJar
    /// The `Host` requests are sent to.
    public let host: String
    /// Whether requests count as secure (`https`), which decides whether `Secure` cookies are sent.
    public let isSecure: Bool
    /// Whether 301, 302, 303, 307 and 308 responses are followed (same host only, at most 20).
    public let followsRedirects: Bool
    /// Whether a request returns only after the response's background tasks finished.
    public let waitsForBackgroundTasks: Bool
    /// How requests reach the app.
    public let transport: TestTransport
    /// The live transport's server and its port; `nil` in process.
    let live: (server: HTTPServer, tracker: BackgroundWorkTracker, port: Int)?

    private let lifecycle = PthreadLock<Lifecycle>(Lifecycle())
    let dateCache = HTTPDateCache()

    private struct Lifecycle {
        var startup: Task<Void, any Error>?
        var isShutDown = false
        /// Background work the client did not wait for; shutdown does.
        var detached: [Task<Void, Never>] = []
    }

    /// A client for `app`, built here; throws its ``AppBuildError`` (or, live, the server's
    /// error if it cannot listen).
    public convenience init(_ app: App, transport: TestTransport = .inProcess, host: String = "strata.test", isSecure: Bool = false,
                            followsRedirects: Bool = false, waitsForBackgroundTasks: Bool = true) throws {
        try self.init(app.build(), transport: transport, host: host, isSecure: isSecure, followsRedirects: followsRedirects,
                      waitsForBackgroundTasks: waitsForBackgroundTasks)
    }

    /// A client for an app that is already built.
    public init(_ app: ResolvedApp, transport: TestTransport = .inProcess, host: String = "strata.test", isSecure: Bool = false,
                followsRedirects: Bool = false, waitsForBackgroundTasks: Bool = true, cookies: CookieJar = CookieJar()) throws {
        self.app = app
        self.transport = transport
        self.host = host
        self.isSecure = isSecure
        self.followsRedirects = followsRedirects
        self.waitsForBackgroundTasks = waitsForBackgroundTasks
        self.cookies = cookies
        switch transport {
        case .inProcess:
            live = nil
        case .live:
            let tracker = BackgroundWorkTracker(app: app)
            let server = HTTPServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, eventLoops: 1, drainTimeout: .seconds(10)), responder: tracker)
            live = (server, tracker, try server.start())
        }
    }

    deinit {
        // A client dropped without `shutdown()` still stops its server.
        if let server = live?.server {
            Task { _ = await server.shutdown() }
        }
    }

    /// Runs `body` with a client for `app`: startup hooks first, shutdown hooks after, even
    /// when `body` throws.
    public static func run<T: Sendable>(
        _ app: App, transport: TestTransport = .inProcess, host: String = "strata.test", isSecure: Bool = false,
        followsRedirects: Bool = false, waitsForBackgroundTasks: Bool = true,
        _ body: (TestClient) async throws -> T
    ) async throws -> T {
        let client = try TestClient(app, transport: transport, host: host, isSecure: isSecure, followsRedirects: followsRedirects,
                                    waitsForBackgroundTasks: waitsForBackgroundTasks)
        try await client.start()
        do {
            let result = try await body(client)
            await client.shutdown()
            return result
        } catch {
            await client.shutdown()
            throw error
        }
    }

    /// Runs the app's startup hooks, once; requests call it for you.
    public func start() async throws {
        let task = lifecycle.withLock { state in
            if let startup = state.startup { return startup }
            let app = self.app
            let inProcess = live == nil
            let startup = Task {
                try await app.startup()
                // In process, the client is the transport: it says when the app serves.
                if inProcess { app.serverStateDidChange(.ready) }
            }
            state.startup = startup
            return startup
        }
        try await task.value
    }

    /// Waits for background work the client did not wait for, stops the live server
    /// gracefully, then runs the app's shutdown hooks, once.
    public func shutdown() async {
        let (first, detached) = lifecycle.withLock { state in
            defer {
                state.isShutDown = true
                state.detached = []
            }
            return (!state.isShutDown, state.detached)
        }
        for task in detached { await task.value }
        guard first else { return }
        if let server = live?.server {
            _ = await server.shutdown()
        } else {
            app.serverStateDidChange(.draining)
            app.serverStateDidChange(.stopped)
        }
        await app.shutdown()
    }

    /// Runs `work` without waiting for it; ``shutdown()`` waits for it.
    func detach(_ work: @escaping @Sendable () async -> Void) {
        let task = Task { await work() }
        lifecycle.withLock { $0.detached.append(task) }
    }
}
