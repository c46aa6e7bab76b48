/// One event of a `text/event-stream` response (WHATWG HTML §9.2 "Server-sent events").
///
/// Every field is optional; ``encoded`` writes only the ones that are set, always followed
/// by the blank line that makes a client dispatch the event.
///
/// ```swift
/// let event = ServerSentEvent(data: "{\"price\":12}", event: "quote", id: "42")
/// event.encoded   // "event: quote\nid: 42\ndata: {\"price\":12}\n\n" as UTF-8
/// ```
public struct ServerSentEvent: Sendable, Hashable {
    /// The payload; may contain line breaks, which become one `data:` line each.
    ///
    /// `nil` writes no `data:` line, so a client dispatches nothing for the event (the
    /// other fields still take effect). An empty string is a real event with empty data.
    public var data: String?
    /// The event type; clients dispatch `message` when it is `nil` or empty.
    public var event: String?
    /// The event ID a client sends back in `Last-Event-ID` when it reconnects.
    ///
    /// An empty string is meaningful: it resets the client's last event ID.
    public var id: String?
    /// The reconnection time the client should use, in milliseconds.
    public var retry: Int?
    /// A comment, which clients ignore; used for keep-alives. May span several lines.
    public var comment: String?

    /// An event with the given fields; leave out the ones it does not set.
    public init(data: String? = nil, event: String? = nil, id: String? = nil, retry: Int? = nil, comment: String? = nil) {
        self.data = data
        self.event = event
        self.id = id
        self.retry = retry
        self.comment = comment
    }

    /// A comment-only event: clients dispatch nothing, but the bytes keep the connection alive.
    ///
    /// `ServerSentEvent.comment("keep-alive").encoded` is `": keep-alive\n\n"`.
    public static func comment(_ text: String) -> ServerSentEvent {
        ServerSentEvent(comment: text)
    }

    /// The event's bytes on the wire; always ends with a blank line.
    ///
    /// Lines are written in a fixed order — comment lines, `event`, `id`, `retry`, then the
    /// `data` lines — each as `name: value` and ended by a lone LF. An event with nothing set
    /// encodes as just `"\n"`, a blank line, which dispatches nothing.
    public var encoded: [UInt8] {
        var bytes: [UInt8] = []
        encode(into: &bytes)
        return bytes
    }

    /// Appends ``encoded`` to `buffer`, to write many events into one buffer without copies.
    public func encode(into buffer: inout [UInt8]) {
        if let comment {
            // WHATWG §9.2.6: a line starting with ":" is ignored; one line per comment line so
            // a line break in the text cannot turn the rest of it into a field.
            for line in Self.lines(of: comment) {
                Self.appendLine(name: [], value: line, to: &buffer)
            }
        }
        if let event {
            // A CR or LF would end the field early and smuggle in another line, so they are
            // removed: the type the client sees is the text with the breaks taken out.
            Self.appendLine(name: Self.eventName, value: Self.sanitized(event, droppingNUL: false), to: &buffer)
        }
        if let id {
            // WHATWG §9.2.6: a client ignores an `id` field whose value contains U+0000, so NUL
            // is removed along with CR and LF rather than sending an ID that would be dropped.
            Self.appendLine(name: Self.idName, value: Self.sanitized(id, droppingNUL: true), to: &buffer)
        }
        if let retry, retry >= 0 {
            // WHATWG §9.2.6: a retry value other than ASCII digits is ignored by the client,
            // so a negative one is not written at all.
            Self.appendLine(name: Self.retryName, value: Array(String(retry).utf8)[...], to: &buffer)
        }
        if let data {
            // WHATWG §9.2.5: CRLF, CR and LF all end a line, so each becomes its own `data:`
            // line; the client joins them back with LF.
            for line in Self.lines(of: data) {
                Self.appendLine(name: Self.dataName, value: line, to: &buffer)
            }
        }
        buffer.append(Self.lineFeed)
    }

    private static let lineFeed: UInt8 = 0x0A
    private static let carriageReturn: UInt8 = 0x0D
    private static let eventName = Array("event".utf8)
    private static let idName = Array("id".utf8)
    private static let retryName = Array("retry".utf8)
    private static let dataName = Array("data".utf8)

    /// Writes `name: value\n`. The space is always written: a client strips exactly one space
    /// after the colon (WHATWG §9.2.6), so a value that itself starts with a space survives.
    private static func appendLine(name: [UInt8], value: ArraySlice<UInt8>, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: name)
        buffer.append(0x3A)  // ":"
        buffer.append(0x20)  // " "
        buffer.append(contentsOf: value)
        buffer.append(lineFeed)
    }

    /// The UTF-8 lines of `text`, split at CRLF, CR and LF; an empty text is one empty line.
    ///
    /// Splitting bytes is safe because CR and LF never occur inside a multi-byte sequence.
    private static func lines(of text: String) -> [ArraySlice<UInt8>] {
        let bytes = Array(text.utf8)
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case carriageReturn:
                lines.append(bytes[start..<index])
                index += index + 1 < bytes.count && bytes[index + 1] == lineFeed ? 2 : 1
                start = index
            case lineFeed:
                lines.append(bytes[start..<index])
                index += 1
                start = index
            default:
                index += 1
            }
        }
        lines.append(bytes[start...])
        return lines
    }

    /// `text` as UTF-8 without CR and LF (and NUL, when asked).
    private static func sanitized(_ text: String, droppingNUL: Bool) -> ArraySlice<UInt8> {
        text.utf8.filter { byte in
            byte != carriageReturn && byte != lineFeed && !(droppingNUL && byte == 0)
        }[...]
    }
}
