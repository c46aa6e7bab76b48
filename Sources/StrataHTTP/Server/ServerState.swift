/// Where a server is in its life, as it tells its ``HTTPResponder``: what readiness checks
/// report.
public enum ServerState: UInt8, Sendable, Equatable {
    /// Not listening yet.
    case starting
    /// Listening and answering.
    case ready
    /// Shutting down: still answering what it has, and soon (after
    /// ``ServerConfiguration/drainDelay``) no longer accepting. Load balancers should stop
    /// sending requests.
    case draining
    /// No longer serving.
    case stopped
}
