import Glibc

/// Writes log events: a label, a minimum level, metadata added to every event, and the
/// ``LogHandler`` that writes them.
///
/// A value: `with(_:_:)` makes a logger that adds a field, e.g. a request's id, without
/// changing the original. Messages and metadata are autoclosures, built only for events the
/// level lets through.
///
/// ```swift
/// let logger = Logger(label: "bookshelf", level: .debug)
/// logger.info("book added", metadata: ["id": 7, "title": "Dune"])
/// // time=2026-12-04T09:15:02.114Z level=info label=bookshelf msg="book added" id=7 title=Dune
/// ```
public struct Logger: Sendable {
    /// Names the logger's events (`label=` in a line).
    public var label: String
    /// Events below this level are dropped before their message is built.
    public var level: LogLevel
    /// Fields every event of this logger carries, before the event's own.
    public var metadata: LogMetadata
    /// Writes the events.
    public var handler: any LogHandler

    /// A logger; by default `info` and above, one logfmt line each on standard error.
    public init(label: String, level: LogLevel = .info, metadata: LogMetadata = [:],
                handler: any LogHandler = StandardErrorLogHandler()) {
        self.label = label
        self.level = level
        self.metadata = metadata
        self.handler = handler
    }

    /// Logs an event at `level` if the logger's level lets it through.
    public func log(_ level: LogLevel, _ message: @autoclosure () -> String, metadata: @autoclosure () -> LogMetadata = [:]) {
        guard level >= self.level else { return }
        handler.log(LogEvent(level: level, message: message(), metadata: self.metadata.merging(metadata()),
                             label: label, time: Self.now()))
    }

    /// Whether an event at `level` would be written: for work done only to build one.
    public func logs(_ level: LogLevel) -> Bool { level >= self.level }

    /// This logger with `key` set to `value` on every event.
    public func with(_ key: String, _ value: LogValue) -> Logger {
        var logger = self
        logger.metadata[key] = value
        return logger
    }

    public func trace(_ message: @autoclosure () -> String, metadata: @autoclosure () -> LogMetadata = [:]) {
        log(.trace, message(), metadata: metadata())
    }
    public func debug(_ message: @autoclosure () -> String, metadata: @autoclosure () -> LogMetadata = [:]) {
        log(.debug, message(), metadata: metadata())
    }
    public func info(_ message: @autoclosure () -> String, metadata: @autoclosure () -> LogMetadata = [:]) {
        log(.info, message(), metadata: metadata())
    }
    public func notice(_ message: @autoclosure () -> String, metadata: @autoclosure () -> LogMetadata = [:]) {
        log(.notice, message(), metadata: metadata())
    }
    public func warning(_ message: @autoclosure () -> String, metadata: @autoclosure () -> LogMetadata = [:]) {
        log(.warning, message(), metadata: metadata())
    }
    public func error(_ message: @autoclosure () -> String, metadata: @autoclosure () -> LogMetadata = [:]) {
        log(.error, message(), metadata: metadata())
    }
    public func critical(_ message: @autoclosure () -> String, metadata: @autoclosure () -> LogMetadata = [:]) {
        log(.critical, message(), metadata: metadata())
    }

    /// The wall clock, in nanoseconds since 1970.
    static func now() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}
