import Glibc
import StrataHTTP

extension App {
    /// Builds the app and serves it until SIGINT or SIGTERM, then shuts down gracefully.
    ///
    /// Takes `--host` (default `127.0.0.1`), `--port` (default `8000`, or `PORT`) and `--loops`
    /// (default: one per CPU the process may run on) from the command line, and prints where it
    /// listens. On a signal it stops accepting, lets in-flight requests and their background
    /// tasks finish within the drain timeout (30 s), runs the shutdown hooks and returns.
    ///
    /// ```swift
    /// try await App(routes: [Get("/") { _ in "Hello" }]).run()
    /// ```
    public func run(arguments: [String] = Array(CommandLine.arguments.dropFirst())) async throws {
        try await run(configuration: ServerConfiguration.parsing(arguments))
    }

    /// Serves the app with `configuration` until SIGINT or SIGTERM.
    public func run(configuration: ServerConfiguration) async throws {
        let app = try build()
        // Caught from now on: a SIGTERM while starting up is a request to stop, not a crash.
        let signals = TerminationSignal.install()
        try await app.startup()
        let server = HTTPServer(configuration: configuration, responder: app)
        let port = try server.start()
        print("Strata listening on http://\(configuration.host):\(port) (\(configuration.eventLoops) event loop\(configuration.eventLoops == 1 ? "" : "s"))")
        fflush(nil)  // all streams: `stdout` itself is not concurrency-safe to name
        _ = await signals.wait()
        print("Strata is shutting down; waiting up to \(configuration.drainTimeout) for requests in flight")
        fflush(nil)  // all streams: `stdout` itself is not concurrency-safe to name
        let report = await server.shutdown()
        if !report.isClean {
            StandardError.emit("strata: \(report)\n")
        }
        await app.shutdown()
    }
}
