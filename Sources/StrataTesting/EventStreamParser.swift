/// Reads a `text/event-stream` body the way a browser's `EventSource` does
/// (WHATWG HTML §9.2.6 "Interpreting an event stream").
///
/// Feed it the body's bytes as they arrive, split anywhere — even inside a UTF-8 sequence
/// or between the CR and LF of a line end; it returns the events each chunk completes.
///
/// ```swift
/// var parser = EventStreamParser()
/// parser.feed(Array("data: YHOO\ndata: +2\n".utf8))   // []
/// parser.feed(Array("\n".utf8))                        // [Event(type: "message", data: "YHOO\n+2", lastEventID: "")]
/// ```
///
/// An event the stream never finishes with a blank line is never dispatched, as the spec
/// requires at the end of the stream.
public struct EventStreamParser: Sendable {
    /// A dispatched event, as a `MessageEvent` would carry it.
    public struct Event: Sendable, Hashable {
        /// The event type: the last `event` field, or `message` when it was absent or empty.
        public var type: String
        /// The `data` field values joined with LF.
        public var data: String
        /// The stream's last event ID when the event was dispatched.
        public var lastEventID: String

        /// An event with the given fields; `type` defaults to `message`, as in the spec.
        public init(type: String = "message", data: String, lastEventID: String = "") {
            self.type = type
            self.data = data
            self.lastEventID = lastEventID
        }
    }

    /// The reconnection time, in milliseconds, from the last valid `retry` field; `nil` until one.
    public private(set) var reconnectionTime: Int?
    /// The last event ID string, set each time an event is dispatched (even one with no data).
    public private(set) var lastEventID: String = ""

    /// Bytes of a line whose end has not arrived yet.
    private var pendingLine: [UInt8] = []
    /// The first bytes of the stream while they may still turn out to be a byte order mark.
    private var streamStart: [UInt8]? = []
    /// True after a CR: an LF that follows, even in the next chunk, belongs to the same line end.
    private var skipsLineFeed = false
    private var dataBuffer: [UInt8] = []
    private var eventTypeBuffer = ""
    private var lastEventIDBuffer = ""

    /// A parser at the start of a stream.
    public init() {}

    /// Feeds bytes in any split; returns the events dispatched by them.
    public mutating func feed(_ bytes: [UInt8]) -> [Event] {
        var events: [Event] = []
        if var start = streamStart {
            // WHATWG Encoding "UTF-8 decode": one leading BOM is removed. Its three bytes may
            // arrive in separate chunks, so they are held until they match or stop matching.
            start.append(contentsOf: bytes)
            let matched = zip(start, Self.byteOrderMark).prefix { $0 == $1 }.count
            if matched == start.count && matched < Self.byteOrderMark.count {
                streamStart = start
                return events
            }
            streamStart = nil
            let body = matched == Self.byteOrderMark.count ? start[Self.byteOrderMark.count...] : start[...]
            consume(body, into: &events)
        } else {
            consume(bytes[...], into: &events)
        }
        return events
    }

    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
    private static let lineFeed: UInt8 = 0x0A
    private static let carriageReturn: UInt8 = 0x0D
    private static let colon: UInt8 = 0x3A
    private static let space: UInt8 = 0x20

    /// Splits `bytes` into lines (WHATWG §9.2.5: `end-of-line = ( cr lf / cr / lf )`).
    private mutating func consume(_ bytes: ArraySlice<UInt8>, into events: inout [Event]) {
        var lineStart = bytes.startIndex
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if skipsLineFeed {
                skipsLineFeed = false
                if byte == Self.lineFeed {
                    index += 1
                    lineStart = index
                    continue
                }
            }
            if byte == Self.carriageReturn || byte == Self.lineFeed {
                skipsLineFeed = byte == Self.carriageReturn
                if pendingLine.isEmpty {
                    process(line: bytes[lineStart..<index], into: &events)
                } else {
                    pendingLine.append(contentsOf: bytes[lineStart..<index])
                    let line = pendingLine
                    pendingLine.removeAll(keepingCapacity: true)
                    process(line: line[...], into: &events)
                }
                lineStart = index + 1
            }
            index += 1
        }
        pendingLine.append(contentsOf: bytes[lineStart...])
    }

    /// WHATWG §9.2.6: blank line dispatches, `:` starts a comment, otherwise `field:value`.
    private mutating func process(line: ArraySlice<UInt8>, into events: inout [Event]) {
        if line.isEmpty {
            if let event = dispatch() { events.append(event) }
            return
        }
        guard let colon = line.firstIndex(of: Self.colon) else {
            // A line without a colon is a field name with an empty value.
            processField(name: line, value: line[line.endIndex...])
            return
        }
        if colon == line.startIndex { return }  // comment
        var valueStart = colon + 1
        // Only one space is stripped, so `data:  x` carries " x".
        if valueStart < line.endIndex && line[valueStart] == Self.space { valueStart += 1 }
        processField(name: line[..<colon], value: line[valueStart...])
    }

    /// WHATWG §9.2.6 "process the field". Names are compared as bytes: they are ASCII, and a
    /// name with invalid UTF-8 could never match one anyway.
    private mutating func processField(name: ArraySlice<UInt8>, value: ArraySlice<UInt8>) {
        if name.elementsEqual("event".utf8) {
            eventTypeBuffer = Self.decode(value)
        } else if name.elementsEqual("data".utf8) {
            dataBuffer.append(contentsOf: value)
            dataBuffer.append(Self.lineFeed)
        } else if name.elementsEqual("id".utf8) {
            // An ID containing NUL is ignored, so a server cannot plant one in Last-Event-ID.
            if !value.contains(0) { lastEventIDBuffer = Self.decode(value) }
        } else if name.elementsEqual("retry".utf8) {
            // Only ASCII digits count. An empty value has no integer to interpret, and one too
            // large for Int is ignored rather than clamped to a made-up time.
            guard !value.isEmpty, value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return }
            var milliseconds = 0
            for digit in value {
                let (times10, overflow1) = milliseconds.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(Int(digit - 0x30))
                if overflow1 || overflow2 { return }
                milliseconds = sum
            }
            reconnectionTime = milliseconds
        }
        // Any other field is ignored.
    }

    /// WHATWG §9.2.6 "dispatch the event".
    private mutating func dispatch() -> Event? {
        // Step 1 runs before the empty-data check: `id: 7` and a blank line set the ID alone.
        lastEventID = lastEventIDBuffer
        defer {
            dataBuffer.removeAll(keepingCapacity: true)
            eventTypeBuffer = ""
        }
        guard !dataBuffer.isEmpty else { return nil }
        if dataBuffer.last == Self.lineFeed { dataBuffer.removeLast() }
        let type = eventTypeBuffer.isEmpty ? "message" : eventTypeBuffer
        return Event(type: type, data: Self.decode(dataBuffer[...]), lastEventID: lastEventID)
    }

    /// UTF-8 decode with U+FFFD for invalid sequences, like the spec's decoder. Decoding line
    /// by line matches decoding the whole stream: CR and LF never occur inside a sequence.
    private static func decode(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
