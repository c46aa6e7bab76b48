import Strata

/// A response read as it arrives — for streams and server-sent events, endless ones included.
///
/// ```swift partial
/// try await client.stream("/events") { response in
///     var events = response.events()
///     #expect(try await events.next()?.data == "first")
/// }   // leaving the closure stops reading; the server's producer is cancelled
/// ```
public struct TestStreamingResponse: Sendable {
    /// The status.
    public let status: HTTPStatus
    /// The header fields.
    public let headers: HTTPHeaders
    let source: TestBodySource

    /// The next piece of content as it arrived (chunk framing removed), or `nil` at the end.
    public func nextChunk() async throws -> [UInt8]? {
        try await source.next()
    }

    /// All remaining content; never returns for an endless stream.
    public func collect() async throws -> [UInt8] {
        var bytes: [UInt8] = []
        while let chunk = try await nextChunk() { bytes += chunk }
        return bytes
    }

    /// The content as server-sent events, parsed as a browser's `EventSource` does.
    public func events() -> Events {
        Events(response: self)
    }

    /// Server-sent events, one at a time.
    public struct Events {
        let response: TestStreamingResponse
        private var parser = EventStreamParser()
        private var pending: [EventStreamParser.Event] = []

        init(response: TestStreamingResponse) {
            self.response = response
        }

        /// The next dispatched event, or `nil` when the stream ends.
        public mutating func next() async throws -> EventStreamParser.Event? {
            while pending.isEmpty {
                guard let chunk = try await response.nextChunk() else { return nil }
                pending = parser.feed(chunk)
            }
            return pending.removeFirst()
        }
    }
}

/// Where a streaming response's content comes from.
enum TestBodySource: Sendable {
    case buffered(BufferedChunks)
    case pump(StreamPump)
    case socket(LiveBodyReader)

    func next() async throws -> [UInt8]? {
        switch self {
        case .buffered(let chunks): return chunks.next()
        case .pump(let pump): return try await pump.next()
        case .socket(let reader): return try await reader.next()
        }
    }

    func stop() {
        switch self {
        case .buffered: break
        case .pump(let pump): pump.cancel()
        case .socket(let reader): reader.close()
        }
    }
}
