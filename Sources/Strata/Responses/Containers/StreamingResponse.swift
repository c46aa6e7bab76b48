import StrataHTTP

/// A response whose content is produced while it is sent: chunked on the wire, with
/// backpressure (the next chunk is asked for only when the last one is written), and
/// cancelled when the client goes away.
///
/// ```swift partial
/// Get("/export", mediaType: MediaType("text/csv")!) { _ in
///     StreamingResponse(rows.lazy.map { "\($0.id),\($0.name)\n" })   // any Sequence or AsyncSequence of String
/// }
/// ```
///
/// The media type is the one given here, else the handler's, else `text/plain` for strings and
/// `application/octet-stream` for bytes.
public struct StreamingResponse: ResponseConvertible {
    let body: HTTPBodyStream
    let mediaType: MediaType?
    let isText: Bool

    /// Chunks of bytes from an async sequence.
    public init<Chunks: AsyncSequence & Sendable>(_ chunks: Chunks, mediaType: MediaType? = nil) where Chunks.Element == [UInt8] {
        body = HTTPBodyStream(chunks)
        self.mediaType = mediaType
        isText = false
    }

    /// Text from an async sequence, each string sent as UTF-8.
    public init<Strings: AsyncSequence & Sendable>(_ strings: Strings, mediaType: MediaType? = nil) where Strings.Element == String {
        body = HTTPBodyStream(UTF8Chunks(strings: strings))
        self.mediaType = mediaType
        isText = true
    }

    /// Chunks of bytes from a sequence, read lazily as the client takes them.
    public init<Chunks: Sequence & Sendable>(_ chunks: Chunks, mediaType: MediaType? = nil) where Chunks.Element == [UInt8] {
        self.init(SequenceChunks(chunks), mediaType: mediaType)
    }

    /// Text from a sequence, read lazily as the client takes it.
    public init<Strings: Sequence & Sendable>(_ strings: Strings, mediaType: MediaType? = nil) where Strings.Element == String {
        self.init(SequenceChunks(strings), mediaType: mediaType)
    }

    public func makeResponse(context: RenderContext) throws -> Response {
        var response = Response(status: context.status)
        response.mediaType = (mediaType ?? context.mediaType ?? (isText ? .plainText : .octetStream)).withDefaultCharset()
        response.stream = body
        return response
    }
}

/// A synchronous sequence as an async one, element by element.
struct SequenceChunks<Base: Sequence & Sendable>: AsyncSequence, Sendable {
    let base: Base

    init(_ base: Base) {
        self.base = base
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        var iterator: Base.Iterator

        @concurrent mutating func next() async throws -> Base.Element? {
            // A client that went away cancels the task reading the stream.
            try Task.checkCancellation()
            return iterator.next()
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(iterator: base.makeIterator())
    }
}

/// Strings as UTF-8 chunks; empty strings are skipped (an empty chunk would end the body).
struct UTF8Chunks<Strings: AsyncSequence & Sendable>: AsyncSequence, Sendable where Strings.Element == String {
    let strings: Strings

    struct AsyncIterator: AsyncIteratorProtocol {
        var iterator: Strings.AsyncIterator

        @concurrent mutating func next() async throws -> [UInt8]? {
            while let string = try await iterator.next() {
                if !string.isEmpty { return Array(string.utf8) }
            }
            return nil
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(iterator: strings.makeAsyncIterator())
    }
}
