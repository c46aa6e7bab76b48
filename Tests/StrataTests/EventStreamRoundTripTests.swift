import Strata
import StrataTesting
import Testing

@Suite("ServerSentEvent round trip through EventStreamParser")
struct EventStreamRoundTripTests {
    static let events: [ServerSentEvent] = [
        ServerSentEvent(data: "plain"),
        ServerSentEvent(data: "two\nlines", event: "update", id: "1"),
        ServerSentEvent(data: "crlf\r\nlines"),
        ServerSentEvent(data: "cr\rline", event: "x"),
        ServerSentEvent(data: ""),
        ServerSentEvent(data: "\n"),
        ServerSentEvent(data: "trailing\n", id: "2", retry: 100),
        ServerSentEvent(data: "  two leading spaces", comment: "note"),
        ServerSentEvent(data: "colons: a:b", event: ""),
        ServerSentEvent(data: "日本語 😀", event: "ünïcode", id: "ид"),
        ServerSentEvent(data: "mixed\r\n\r\n\n\rends"),
        ServerSentEvent(data: "after empty id", id: ""),
        ServerSentEvent(data: ": not a comment", event: " spaced"),
        ServerSentEvent(data: "id with breaks", id: "3\r\n4"),
        ServerSentEvent(data: "id with NUL", id: "5\u{0}6"),
        ServerSentEvent(data: "event with breaks", event: "a\nb"),
        ServerSentEvent(data: "data: nested", comment: "multi\nline comment"),
        ServerSentEvent(data: "{\"json\":[1,2,3]}", event: "json", id: "7", retry: 0),
        ServerSentEvent(data: "tab\there"),
        ServerSentEvent(data: "last\nof\nmany\nlines", event: "done", id: "8"),
    ]

    /// What a client sees for `events`: line ends normalized to LF, breaks (and NUL, in ids)
    /// removed from event and id, and the id carried forward until the next one.
    static func expected(for events: [ServerSentEvent]) -> [EventStreamParser.Event] {
        var lastID = ""
        return events.map { event in
            if let id = event.id { lastID = String(id.unicodeScalars.filter { !"\r\n\u{0}".unicodeScalars.contains($0) }) }
            let type = String((event.event ?? "").unicodeScalars.filter { $0 != "\r" && $0 != "\n" })
            let data = (event.data ?? "").replacing("\r\n", with: "\n").replacing("\r", with: "\n")
            return EventStreamParser.Event(type: type.isEmpty ? "message" : type, data: data, lastEventID: lastID)
        }
    }

    @Test("20 varied events survive encoding and parsing in one chunk and byte by byte")
    func roundTrip() {
        #expect(Self.events.count == 20)
        let bytes = Self.events.flatMap(\.encoded)
        let expected = Self.expected(for: Self.events)
        #expect(expected[9] == EventStreamParser.Event(type: "ünïcode", data: "日本語 😀", lastEventID: "ид"))
        #expect(expected[13].lastEventID == "34")

        var whole = EventStreamParser()
        #expect(whole.feed(bytes) == expected)
        #expect(whole.reconnectionTime == 0)
        #expect(whole.lastEventID == "8")

        var byteByByte = EventStreamParser()
        #expect(bytes.flatMap { byteByByte.feed([$0]) } == expected)
    }

    @Test("keep-alive comments between events dispatch nothing")
    func commentsInterleaved() {
        var bytes: [UInt8] = []
        for event in Self.events {
            ServerSentEvent.comment("keep-alive").encode(into: &bytes)
            event.encode(into: &bytes)
        }
        var parser = EventStreamParser()
        #expect(parser.feed(bytes) == Self.expected(for: Self.events))
    }
}
