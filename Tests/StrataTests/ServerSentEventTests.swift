import Strata
import StrataTesting
import Testing

@Suite("ServerSentEvent")
struct ServerSentEventTests {
    @Test("encodes each field exactly, ending with a blank line", arguments: [
        (ServerSentEvent(data: "hello"), "data: hello\n\n"),
        (ServerSentEvent(data: "a\nb"), "data: a\ndata: b\n\n"),
        (ServerSentEvent(data: "a\r\nb"), "data: a\ndata: b\n\n"),
        (ServerSentEvent(data: "a\rb"), "data: a\ndata: b\n\n"),
        (ServerSentEvent(data: "one\ntwo\nthree"), "data: one\ndata: two\ndata: three\n\n"),
        (ServerSentEvent(data: "a\n\nb"), "data: a\ndata: \ndata: b\n\n"),
        (ServerSentEvent(data: "a\r\n\rb\n\r\n"), "data: a\ndata: \ndata: b\ndata: \ndata: \n\n"),
        (ServerSentEvent(data: "a\n"), "data: a\ndata: \n\n"),
        (ServerSentEvent(data: "\n"), "data: \ndata: \n\n"),
        (ServerSentEvent(data: "\r"), "data: \ndata: \n\n"),
        (ServerSentEvent(data: ""), "data: \n\n"),
        (ServerSentEvent(data: " leading space"), "data:  leading space\n\n"),
        (ServerSentEvent(data: "a: b"), "data: a: b\n\n"),
        (ServerSentEvent(data: "日本\n😀"), "data: 日本\ndata: 😀\n\n"),
        (ServerSentEvent(event: "update"), "event: update\n\n"),
        (ServerSentEvent(event: ""), "event: \n\n"),
        (ServerSentEvent(id: "42"), "id: 42\n\n"),
        (ServerSentEvent(id: ""), "id: \n\n"),
        (ServerSentEvent(retry: 3000), "retry: 3000\n\n"),
        (ServerSentEvent(retry: 0), "retry: 0\n\n"),
        (ServerSentEvent(comment: "hi"), ": hi\n\n"),
        (ServerSentEvent(comment: "a\nb\r\nc\rd"), ": a\n: b\n: c\n: d\n\n"),
        (ServerSentEvent(comment: ""), ": \n\n"),
        (ServerSentEvent(), "\n"),
    ])
    func encodesFields(_ event: ServerSentEvent, _ expected: String) {
        #expect(event.encoded == Array(expected.utf8))
    }

    @Test("writes comment, event, id, retry, then data, whatever order they were given in")
    func fixedOrder() {
        let event = ServerSentEvent(data: "d1\nd2", event: "e", id: "7", retry: 5, comment: "c1\nc2")
        #expect(event.encoded == Array(": c1\n: c2\nevent: e\nid: 7\nretry: 5\ndata: d1\ndata: d2\n\n".utf8))
        var reordered = ServerSentEvent(comment: "c1\nc2")
        reordered.retry = 5
        reordered.data = "d1\nd2"
        reordered.id = "7"
        reordered.event = "e"
        #expect(reordered == event)
        #expect(reordered.encoded == event.encoded)
    }

    @Test("removes line breaks from event and id, and NUL from id only", arguments: [
        (ServerSentEvent(event: "a\r\nb\rc\nd"), "event: abcd\n\n"),
        (ServerSentEvent(event: "\n"), "event: \n\n"),
        (ServerSentEvent(event: "a\u{0}b"), "event: a\u{0}b\n\n"),
        (ServerSentEvent(id: "1\n2\u{0}3\r"), "id: 123\n\n"),
        (ServerSentEvent(id: "\u{0}"), "id: \n\n"),
        (ServerSentEvent(event: "x\ndata: injected", id: "y\r\nretry: 1"), "event: xdata: injected\nid: yretry: 1\n\n"),
    ])
    func sanitizesEventAndID(_ event: ServerSentEvent, _ expected: String) {
        #expect(event.encoded == Array(expected.utf8))
    }

    @Test("a negative retry is left out, since clients ignore it")
    func negativeRetry() {
        #expect(ServerSentEvent(retry: -1).encoded == Array("\n".utf8))
        #expect(ServerSentEvent(data: "x", retry: Int.min).encoded == Array("data: x\n\n".utf8))
    }

    @Test("a sanitized id is one the parser accepts")
    func sanitizedIDIsAccepted() {
        var parser = EventStreamParser()
        let events = parser.feed(ServerSentEvent(data: "x", id: "1\u{0}2\n3").encoded)
        #expect(events == [EventStreamParser.Event(data: "x", lastEventID: "123")])
        #expect(parser.lastEventID == "123")
    }

    @Test("comment(_:) is a comment-only event")
    func commentFactory() {
        #expect(ServerSentEvent.comment("keep-alive") == ServerSentEvent(comment: "keep-alive"))
        #expect(ServerSentEvent.comment("keep-alive").encoded == Array(": keep-alive\n\n".utf8))
        var parser = EventStreamParser()
        #expect(parser.feed(ServerSentEvent.comment("a\ndata: x").encoded) == [])
    }

    @Test("encode(into:) appends to what the buffer holds")
    func encodeInto() {
        var buffer = Array(": start\n\n".utf8)
        ServerSentEvent(data: "a").encode(into: &buffer)
        ServerSentEvent(data: "b", event: "x").encode(into: &buffer)
        #expect(buffer == Array(": start\n\ndata: a\n\nevent: x\ndata: b\n\n".utf8))
    }
}
