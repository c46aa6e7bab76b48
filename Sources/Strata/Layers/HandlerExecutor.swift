import StrataHTTP

/// Where a route's handler runs — with its middleware, dependencies and the rendering of its
/// value; guards, hooks and the writing of the response stay on the connection's event loop.
///
/// ```swift
/// let reports = Router("/reports", routes: [
///     Get("/{id:int}") { request in (0..<1_000_000).reduce(0, &+) },   // a long computation
/// ])
/// .runsHandlers(on: .global)
/// ```
///
/// Every connection of an event loop waits while one of its handlers computes; a handler that
/// takes milliseconds of CPU, or blocks its thread, should leave the loop. Leaving costs a
/// child task and two thread switches a request — about 30 µs of CPU, measured in
/// `Documentation/Deployment.md`.
public enum HandlerExecutor: Sendable {
    /// The connection's event loop, the default: no hop, the fastest for handlers that
    /// answer in microseconds or await other work.
    case eventLoop
    /// Swift's global concurrent executor: for handlers that compute for a while (encoding a
    /// large document, hashing a password). Not for blocking calls: its threads, one per CPU,
    /// are shared by every task.
    case global
    /// A ``BlockingPool``'s threads: for handlers that block (synchronous I/O, a driver with
    /// blocking calls).
    case pool(BlockingPool)

    /// The executor to prefer, `nil` for the event loop.
    var taskExecutor: (any TaskExecutor)? {
        switch self {
        case .eventLoop: return nil
        case .global: return globalConcurrentExecutor
        case .pool(let pool): return pool
        }
    }
}
