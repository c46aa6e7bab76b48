/// An error Strata could not hand to the client: a handler's unexpected error, a failing
/// background task or hook. The app's `reportError` receives each one; without one, it is
/// logged at `error` level through the app's ``Logger``.
public struct ErrorReport: Sendable, CustomStringConvertible {
    /// Where the error came from.
    public enum Source: Sendable, Hashable, CustomStringConvertible {
        /// A handler threw an error that is not an ``HTTPError``; the client got a 500.
        case handler
        /// An exception handler threw; the client got the default problem response.
        case exceptionHandler
        /// An after-request hook threw; the client got a 500.
        case afterRequestHook
        /// A response had a header or cookie that may not be written; the client got a 500.
        case invalidResponse
        /// A background task threw; the response was already sent.
        case backgroundTask(name: String)
        /// A startup or shutdown hook threw.
        case lifecycleHook
        /// A dependency's cleanup threw; the response was already sent.
        case dependencyCleanup(dependency: String)
        /// Writing a changed session: too large for its cookie, or the store failed.
        case session
        /// A WebSocket handler threw; the connection closed with 1011.
        case webSocketHandler

        /// The source in words, e.g. `background task "mail"`.
        public var description: String {
            switch self {
            case .handler: return "handler"
            case .exceptionHandler: return "exception handler"
            case .afterRequestHook: return "after-request hook"
            case .invalidResponse: return "invalid response"
            case .backgroundTask(let name): return "background task \"\(name)\""
            case .lifecycleHook: return "lifecycle hook"
            case .dependencyCleanup(let dependency): return "cleanup of dependency \(dependency)"
            case .session: return "session"
            case .webSocketHandler: return "WebSocket handler"
            }
        }
    }

    /// Where the error came from.
    public let source: Source
    /// The error.
    public let error: any Error
    /// The route, e.g. `GET /users/{id:int}`, when there is one.
    public let route: String?

    /// One line: `strata: handler failed in GET /users: …`.
    public var description: String {
        "strata: \(source) failed\(route.map { " in \($0)" } ?? ""): \(String(describing: error))"
    }

    /// The report as a log event's fields: `source`, `route` (when there is one), `error`.
    public var metadata: LogMetadata {
        var metadata: LogMetadata = ["source": .string(source.description)]
        if let route { metadata["route"] = .string(route) }
        metadata["error"] = .string(String(describing: error))
        return metadata
    }
}
