import Glibc
import StrataHTTP

extension App {
    /// Builds the app and serves it until SIGINT or SIGTERM, then shuts down gracefully.
    ///
    /// Takes `--host` (default `127.0.0.1`), `--port` (default `8000`, or `PORT`), `--loops`
    /// (default: one per CPU the process may run on), `--share-port` (see
    /// ``ServerConfiguration/sharesPort``) and `--drain-delay SECONDS` (see
    /// ``ServerConfiguration/drainDelay``) from the command line, and logs where it listens
    /// through ``logger``. On a signal it stops accepting, lets in-flight requests and their
    /// background tasks finish within the drain timeout (30 s), runs the shutdown hooks and
    /// returns.
    ///
    /// `--openapi` (or `--openapi yaml`) writes the app's OpenAPI document to standard output
    /// instead and returns,
    /// so a build step can write it to a file without starting a server.
    ///
    /// ```swift
    /// try await App(routes: [Get("/") { _ in "Hello" }]).run()
    /// ```
    ///
    /// A wrong argument or a port it cannot listen on (``ListenError``: another process serves
    /// it, say) is printed to standard error and ends the process with status 1, as a command
    /// line tool does; other errors are thrown. ``run(arguments:)`` throws them all instead.
    /// (Logged as `critical` through ``logger``.)
    public func run() async throws {
        do {
            try await run(arguments: Array(CommandLine.arguments.dropFirst()))
        } catch let error as CommandLineError {
            exitWithFailure(error.description)
        } catch let error as ListenError {
            exitWithFailure(error.description)
        }
    }

    /// ``run()`` with these command-line arguments; every error is thrown.
    public func run(arguments: [String]) async throws {
        if let flag = arguments.firstIndex(where: { $0 == "--openapi" || $0.hasPrefix("--openapi=") }) {
            let inline = arguments[flag].split(separator: "=", maxSplits: 1).dropFirst().first.map(String.init)
            let next = flag + 1 < arguments.count && !arguments[flag + 1].hasPrefix("--") ? arguments[flag + 1] : nil
            return try printOpenAPIDocument(format: inline ?? next ?? "json")
        }
        try await run(configuration: ServerConfiguration.parsing(arguments))
    }

    private func exitWithFailure(_ message: String) -> Never {
        logger.critical(message)
        exit(EXIT_FAILURE)
    }

    private func printOpenAPIDocument(format: String) throws {
        guard format == "json" || format == "yaml" else {
            throw CommandLineError(description: "--openapi takes json or yaml, not \"\(format)\"")
        }
        guard let document = try build().openAPIDocument else {
            throw CommandLineError(description: "--openapi: the app serves no OpenAPI document (App(openAPI: nil))")
        }
        // The command's output, not a log event: standard output, written before returning.
        DescriptorOutput.write(Array((format == "yaml" ? document.yamlText : document.jsonText + "\n").utf8), to: STDOUT_FILENO)
        for warning in document.warnings { logger.warning("OpenAPI: \(warning)") }
    }

    /// Serves the app with `configuration` until SIGINT or SIGTERM.
    public func run(configuration: ServerConfiguration) async throws {
        let app = try build()
        for warning in app.openAPIDocument?.warnings ?? [] { logger.warning("OpenAPI: \(warning)") }
        // Caught from now on: a SIGTERM while starting up is a request to stop, not a crash.
        let signals = TerminationSignal.install()
        try await app.startup()
        let server = HTTPServer(configuration: configuration, responder: app)
        let port: Int
        do {
            port = try server.start()
        } catch {
            await app.shutdown()
            throw error
        }
        let address = server.localAddress.map { "\($0)" } ?? "\(configuration.host):\(port)"
        var listening: LogMetadata = ["loops": .integer(configuration.eventLoops)]
        if configuration.listeningSocket != nil { listening["socket"] = "passed by the launcher" }
        logger.notice("listening on http://\(address)", metadata: listening)
        let signal = await signals.wait()
        logger.notice("shutting down", metadata: ["signal": .string(signal == SIGTERM ? "SIGTERM" : signal == SIGINT ? "SIGINT" : "\(signal)"), "drain_timeout": .string("\(configuration.drainTimeout)")])
        let report = await server.shutdown()
        if report.isClean {
            logger.notice("stopped", metadata: ["unfinished": 0])
        } else {
            logger.warning("stopped before everything finished: \(report)")
        }
        await app.shutdown()
    }
}
