/// How the test client reaches the app.
public enum TestTransport: Sendable, Hashable, CaseIterable {
    /// The whole pipeline in process, no socket: fast, and byte for byte what the server writes.
    case inProcess
    /// Strata's HTTP server on an ephemeral port of 127.0.0.1, over a real TCP connection.
    case live
}
