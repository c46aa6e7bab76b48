import FoundationEssentials
import StrataHTTP

/// A response of server-sent events (`text/event-stream`), written as they come.
///
/// ```swift partial
/// Get("/clock") { _ in
///     ServerSentEvents(ticks.map { ServerSentEvent(data: "\($0)", event: "tick") }, keepAlive: .seconds(15))
/// }
/// ```
///
/// Each event is framed as the WHATWG event-stream grammar reads it: multi-line data becomes
/// several `data:` lines, and every event ends with a blank line. The response carries
/// `X-Accel-Buffering: no` (so a proxy does not hold events back) and, unless a layer sets
/// another, `Cache-Control: no-cache`; with `keepAlive`, a comment is sent whenever that long
/// passes without an event, so idle connections stay open and a client that left is noticed.
public struct ServerSentEvents: ResponseConvertible {
    let body: HTTPBodyStream

    /// Events from an async sequence.
    public init<Events: AsyncSequence & Sendable>(_ events: Events, keepAlive: Duration? = nil) where Events.Element == ServerSentEvent {
        if let keepAlive {
            body = HTTPBodyStream(EncodedEvents(events: KeepAliveEvents(events, interval: keepAlive)))
        } else {
            body = HTTPBodyStream(EncodedEvents(events: events))
        }
    }

    /// Events whose data is each string of an async sequence.
    public init<Strings: AsyncSequence & Sendable>(data strings: Strings, keepAlive: Duration? = nil) where Strings.Element == String {
        self.init(MappedEvents(base: strings) { ServerSentEvent(data: $0) }, keepAlive: keepAlive)
    }

    /// Events whose data is each value of an async sequence, encoded as JSON.
    public init<Values: AsyncSequence & Sendable>(json values: Values, keepAlive: Duration? = nil) where Values.Element: Encodable & Sendable {
        let encoder = JSONValueEncoder()
        self.init(MappedEvents(base: values) { value in
            ServerSentEvent(data: String(decoding: (try? encoder.encode(value)) ?? Array("null".utf8), as: UTF8.self))
        }, keepAlive: keepAlive)
    }

    public func makeResponse(context: RenderContext) throws -> Response {
        var response = Response(status: context.status, headers: ["X-Accel-Buffering": "no"])
        // A default, not the response's own value: a layer's cache-control beats it.
        response.defaultHeaders["Cache-Control"] = "no-cache"
        response.mediaType = .eventStream
        response.stream = body
        return response
    }
}

/// Events as their wire bytes.
struct EncodedEvents<Events: AsyncSequence & Sendable>: AsyncSequence, Sendable where Events.Element == ServerSentEvent {
    let events: Events

    struct AsyncIterator: AsyncIteratorProtocol {
        var iterator: Events.AsyncIterator

        @concurrent mutating func next() async throws -> [UInt8]? {
            try await iterator.next()?.encoded
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(iterator: events.makeAsyncIterator())
    }
}

/// A sequence mapped element by element (the standard `map` on AsyncSequence is not `Sendable`).
struct MappedEvents<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable {
    let base: Base
    let transform: @Sendable (Base.Element) -> ServerSentEvent

    struct AsyncIterator: AsyncIteratorProtocol {
        var iterator: Base.AsyncIterator
        let transform: @Sendable (Base.Element) -> ServerSentEvent

        @concurrent mutating func next() async throws -> ServerSentEvent? {
            try await iterator.next().map(transform)
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(iterator: base.makeAsyncIterator(), transform: transform)
    }
}
