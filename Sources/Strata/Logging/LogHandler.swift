/// Where a ``Logger``'s events go: standard error by default (``StandardErrorLogHandler``), or
/// a bridge to swift-log, an in-memory list for tests, anything else.
///
/// It is called on the thread that logs — for the access log, the event loop, after a
/// response is written — so it should hand slow work elsewhere.
///
/// ```swift
/// import Strata
/// import Synchronization
///
/// final class Recording: LogHandler {
///     let lines = Mutex<[String]>([])
///     func log(_ event: LogEvent) { lines.withLock { $0.append(event.message) } }
/// }
/// ```
public protocol LogHandler: Sendable {
    /// Writes `event` (its level is at or above the logger's).
    func log(_ event: LogEvent)
}
