/// The default ``LogHandler``: one line per event on standard error, written with one
/// `write(2)` and no buffer — a line is out before the call returns, lines from several
/// threads never interleave (up to `PIPE_BUF`, 4 KiB, on a pipe), and nothing waits for the
/// process to exit.
///
/// Two formats, both one event per line: logfmt for people and most log shippers,
/// JSON lines for anything that parses JSON.
///
/// ```text
/// time=2026-12-04T09:15:02.114Z level=info label=strata.access msg="GET /books 200" method=GET path=/books status=200
/// {"time":"2026-12-04T09:15:02.114Z","level":"info","label":"strata.access","msg":"GET /books 200","method":"GET","path":"/books","status":200}
/// ```
public struct StandardErrorLogHandler: LogHandler {
    /// How a line is written.
    public enum Format: Sendable, Hashable {
        /// `key=value` pairs; values with spaces, quotes or `=` are quoted.
        case logfmt
        /// One JSON object per line.
        case json
    }

    /// How lines are written.
    public var format: Format
    let descriptor: Int32

    /// A handler writing `format` lines to standard error.
    public init(format: Format = .logfmt) {
        self.init(format: format, descriptor: 2)
    }

    /// A handler writing to an open file descriptor (a test's pipe).
    init(format: Format, descriptor: Int32) {
        self.format = format
        self.descriptor = descriptor
    }

    public func log(_ event: LogEvent) {
        var line = LogLineFormatter.line(event, format: format)
        line.append(UInt8(ascii: "\n"))
        DescriptorOutput.write(line, to: descriptor)
    }
}
