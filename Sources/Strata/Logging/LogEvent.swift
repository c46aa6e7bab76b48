/// One thing that happened, as a ``LogHandler`` receives it.
public struct LogEvent: Sendable {
    /// How much it matters.
    public var level: LogLevel
    /// What happened, in words: `listening`, `GET /books 200`.
    public var message: String
    /// The logger's metadata, then the event's own.
    public var metadata: LogMetadata
    /// The logger's label: `strata`, `strata.access`, or the app's own.
    public var label: String
    /// When, in nanoseconds since 1970-01-01 UTC.
    public var time: Int64

    /// An event.
    public init(level: LogLevel, message: String, metadata: LogMetadata = [:], label: String, time: Int64) {
        self.level = level
        self.message = message
        self.metadata = metadata
        self.label = label
        self.time = time
    }
}
