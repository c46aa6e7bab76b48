/// How much an event matters; a ``Logger`` drops events below its ``Logger/level``.
///
/// The seven levels of swift-log and syslog's lower half, so a bridge maps them one to one.
public enum LogLevel: Int, Sendable, Hashable, Comparable, CaseIterable, CustomStringConvertible {
    case trace, debug, info, notice, warning, error, critical

    /// Whether `lhs` matters less than `rhs`: `trace` is the least, `critical` the most.
    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The level's name as the log lines write it: `info`, `warning`…
    public var description: String {
        switch self {
        case .trace: return "trace"
        case .debug: return "debug"
        case .info: return "info"
        case .notice: return "notice"
        case .warning: return "warning"
        case .error: return "error"
        case .critical: return "critical"
        }
    }

    /// The level named `name` (`"info"`, `"WARNING"`…), e.g. from an environment variable.
    public init?(_ name: String) {
        guard let level = Self.allCases.first(where: { $0.description == name.lowercased() }) else { return nil }
        self = level
    }
}
