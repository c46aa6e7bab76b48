import Strata
import StrataTesting
import Testing

private typealias Event = EventStreamParser.Event

/// Parses `stream` in one chunk.
private func parse(_ stream: String) -> [Event] {
    var parser = EventStreamParser()
    return parser.feed(Array(stream.utf8))
}

@Suite("EventStreamParser")
struct EventStreamParserTests {
    @Test("spec example: data lines join with LF into one message")
    func stockTicker() {
        #expect(parse("data: YHOO\ndata: +2\ndata: 10\n\n") == [Event(data: "YHOO\n+2\n10")])
    }

    @Test("spec example: comment block, ids set and reset, one space stripped, last block needs a blank line")
    func fourBlocks() {
        var parser = EventStreamParser()
        let stream = ": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n"
        #expect(parser.feed(Array(stream.utf8)) == [
            Event(data: "first event", lastEventID: "1"),
            Event(data: "second event", lastEventID: ""),
        ])
        #expect(parser.lastEventID == "")
        #expect(parser.feed(Array("\n".utf8)) == [Event(data: " third event", lastEventID: "")])
    }

    @Test("spec example: bare data fields give empty data and a lone newline; the unterminated block is dropped")
    func bareDataFields() {
        #expect(parse("data\n\ndata\ndata\n\ndata:") == [Event(data: ""), Event(data: "\n")])
    }

    @Test("spec example: 'data:test' and 'data: test' are the same event")
    func optionalSpace() {
        #expect(parse("data:test\n\ndata: test\n\n") == [Event(data: "test"), Event(data: "test")])
        #expect(parse("data:  test\n\n") == [Event(data: " test")])
    }

    @Test("comments, unknown fields and field names are handled as the spec reads", arguments: [
        (": just a comment\n\n", [Event]()),
        (":\n\n", []),
        (":data: x\n\n", []),
        ("foo: bar\ndata: x\n\n", [Event(data: "x")]),
        ("Data: x\n\n", []),
        ("data : x\n\n", []),
        (" data: x\n\n", []),
        ("data: x\nfoo\n\n", [Event(data: "x")]),
        ("data: a:b: c\n\n", [Event(data: "a:b: c")]),
        ("data: x\n: comment inside\ndata: y\n\n", [Event(data: "x\ny")]),
        ("data: \u{FF}\n\n", [Event(data: "\u{FF}")]),
    ])
    func fieldHandling(_ stream: String, _ expected: [EventStreamParser.Event]) {
        #expect(parse(stream) == expected)
    }

    @Test("event sets the type for one event only; an empty type is message")
    func eventType() {
        #expect(parse("event: add\ndata: 1\n\ndata: 2\n\n") == [Event(type: "add", data: "1"), Event(data: "2")])
        #expect(parse("event:\ndata: x\n\n") == [Event(data: "x")])
        #expect(parse("event: a\nevent: b\ndata: x\n\n") == [Event(type: "b", data: "x")])
        // A block without data dispatches nothing and still resets the type.
        #expect(parse("event: lost\n\ndata: x\n\n") == [Event(data: "x")])
    }

    @Test("id: kept across events, set even by a block without data, ignored when it holds NUL")
    func lastEventID() {
        var parser = EventStreamParser()
        #expect(parser.feed(Array("id: 7\n\n".utf8)) == [])
        #expect(parser.lastEventID == "7")
        #expect(parser.feed(Array("data: a\n\nid: 8\ndata: b\n\n".utf8)) == [
            Event(data: "a", lastEventID: "7"), Event(data: "b", lastEventID: "8"),
        ])
        #expect(parser.feed(Array("id: 9\u{0}\ndata: c\n\n".utf8)) == [Event(data: "c", lastEventID: "8")])
        #expect(parser.feed(Array("id:\ndata: d\n\n".utf8)) == [Event(data: "d", lastEventID: "")])
        // The buffer is only copied on dispatch: an id in an unfinished block is not the last event ID yet.
        #expect(parser.feed(Array("id: 10\n".utf8)) == [])
        #expect(parser.lastEventID == "")
    }

    @Test("retry: only ASCII digits set the reconnection time", arguments: [
        ("retry: 1500\n", 1500 as Int?),
        ("retry:0\n", 0),
        ("retry: 007\n", 7),
        ("retry: 10a\n", nil),
        ("retry: -1\n", nil),
        ("retry: +1\n", nil),
        ("retry: 1.5\n", nil),
        ("retry:\n", nil),
        ("retry\n", nil),
        ("retry:  5\n", nil),
        ("retry: 5 \n", nil),
        ("retry: ٣\n", nil),
        ("retry: 99999999999999999999999\n", nil),
        ("retry: 100\nretry: x\n", 100),
        ("retry: 100\nretry: 200\n", 200),
    ])
    func retry(_ stream: String, _ expected: Int?) {
        var parser = EventStreamParser()
        #expect(parser.feed(Array(stream.utf8)) == [])
        #expect(parser.reconnectionTime == expected)
    }

    @Test("CRLF, CR and LF all end lines; a CR then LF is one line end", arguments: [
        "data: a\r\ndata: b\r\n\r\n",
        "data: a\rdata: b\r\r",
        "data: a\ndata: b\n\n",
        "data: a\r\ndata: b\r\r\n",
        "data: a\rdata: b\n\r",
    ])
    func lineEnds(_ stream: String) {
        #expect(parse(stream) == [Event(data: "a\nb")])
    }

    @Test("a CR ending one chunk and an LF starting the next are one line end")
    func crlfAcrossChunks() {
        var parser = EventStreamParser()
        #expect(parser.feed(Array("data: a\r".utf8)) == [])
        #expect(parser.feed(Array("\n".utf8)) == [])  // two line ends would dispatch here
        #expect(parser.feed(Array("\r".utf8)) == [Event(data: "a")])
        #expect(parser.feed(Array("\ndata: b\r".utf8)) == [])
        #expect(parser.feed(Array("\r".utf8)) == [Event(data: "b")])
    }

    @Test("an incomplete line or block waits for more bytes; the end alone dispatches nothing")
    func incomplete() {
        var parser = EventStreamParser()
        #expect(parser.feed(Array("data: hel".utf8)) == [])
        #expect(parser.feed([]) == [])
        #expect(parser.feed(Array("lo\n".utf8)) == [])
        #expect(parser.feed(Array("\n".utf8)) == [Event(data: "hello")])
        #expect(parse("data: no blank line\n") == [])
        #expect(parse("data: no line end") == [])
    }

    @Test("one leading byte order mark is removed, even split across chunks")
    func byteOrderMark() {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let body = Array("data: x\n\n".utf8)
        var whole = EventStreamParser()
        #expect(whole.feed(bom + body) == [Event(data: "x")])
        var split = EventStreamParser()
        #expect(split.feed([0xEF]) == [])
        #expect(split.feed([0xBB]) == [])
        #expect(split.feed([0xBF, 0x64]) == [])
        #expect(split.feed(Array(body.dropFirst())) == [Event(data: "x")])
        // A second BOM belongs to the field name, which then matches nothing.
        var twice = EventStreamParser()
        #expect(twice.feed(bom + bom + body) == [])
        // Later, a BOM is ordinary text.
        #expect(parse("data: \u{FEFF}x\n\n") == [Event(data: "\u{FEFF}x")])
        // Bytes that start like a BOM but are not one are kept: here they spoil the field name.
        var notBOM = EventStreamParser()
        #expect(notBOM.feed([0xEF, 0xBB]) == [])
        #expect(notBOM.feed(Array("data: y\n\n".utf8)) == [])
        #expect(notBOM.feed(Array("data: z\n\n".utf8)) == [Event(data: "z")])
    }

    @Test("invalid UTF-8 becomes U+FFFD, even when a sequence is split across chunks")
    func invalidUTF8() {
        var parser = EventStreamParser()
        #expect(parser.feed(Array("data: ".utf8) + [0xE6, 0x97]) == [])
        let rest: [UInt8] = [0xA5, 0xFF, 0x0A] + Array("data: ".utf8) + [0xC3, 0x0A, 0x0A]
        #expect(parser.feed(rest) == [Event(data: "日\u{FFFD}\n\u{FFFD}")])
    }

    static let stream: [UInt8] = [0xEF, 0xBB, 0xBF] + Array((
        ": comment\r\nevent: add\r\ndata: 日本\rdata: two\n\nid: 7\r\n\r\n"
            + "retry: 1500\ndata:x\r\rfoo: bar\nid: 8\r\nevent: end\ndata:  last \r\n\r\n"
    ).utf8)
    static let streamEvents = [
        Event(type: "add", data: "日本\ntwo", lastEventID: ""),
        Event(data: "x", lastEventID: "7"),
        Event(type: "end", data: " last ", lastEventID: "8"),
    ]

    @Test("every split of the stream into two chunks gives the same events")
    func everySplit() {
        var whole = EventStreamParser()
        #expect(whole.feed(Self.stream) == Self.streamEvents)
        #expect(whole.reconnectionTime == 1500)
        #expect(whole.lastEventID == "8")
        for cut in 0...Self.stream.count {
            var parser = EventStreamParser()
            let events = parser.feed(Array(Self.stream[..<cut])) + parser.feed(Array(Self.stream[cut...]))
            #expect(events == Self.streamEvents, "split at \(cut)")
            #expect(parser.lastEventID == "8")
            #expect(parser.reconnectionTime == 1500)
        }
    }

    @Test("every split into three chunks, and byte by byte, gives the same events")
    func everyThreeWaySplit() {
        let stream = Self.stream
        for first in 0...stream.count {
            for second in first...stream.count {
                var parser = EventStreamParser()
                var events = parser.feed(Array(stream[..<first]))
                events += parser.feed(Array(stream[first..<second]))
                events += parser.feed(Array(stream[second...]))
                if events != Self.streamEvents {
                    Issue.record("split at \(first), \(second): \(events)")
                    return
                }
            }
        }
        var parser = EventStreamParser()
        let events = stream.flatMap { parser.feed([$0]) }
        #expect(events == Self.streamEvents)
    }
}
