/// A request's content, which the responder collects with a limit of its choosing.
///
/// The limit is the responder's because it is a per-route policy. On the live server the
/// content is still in the socket when the responder gets the request: it is read only when
/// ``collect(upTo:)`` asks for it, so a request refused on its head is never read, a client
/// waiting with `Expect: 100-continue` is told to send only then, and a `Content-Length` over
/// the limit is refused without reading a byte.
public struct HTTPRequestBody: Sendable {
    fileprivate enum Storage: Sendable {
        case bytes([UInt8])
        /// Still with the connection; read on demand.
        case connection(RequestBodySource, knownLength: Int?)
    }

    fileprivate let storage: Storage

    /// Content already in memory.
    public init(bytes: [UInt8]) {
        storage = .bytes(bytes)
    }

    init(source: RequestBodySource, knownLength: Int?) {
        storage = .connection(source, knownLength: knownLength)
    }

    /// No content.
    public static let empty = HTTPRequestBody(bytes: [])

    /// The content's length when it is known before reading: a `Content-Length`, or bytes in
    /// memory; `nil` for chunked content.
    public var knownLength: Int? {
        switch storage {
        case .bytes(let bytes): return bytes.count
        case .connection(_, let knownLength): return knownLength
        }
    }

    /// All of the content, or ``HTTPContentTooLarge`` if it is longer than `limit` bytes.
    ///
    /// Asking again gives the same bytes. Throws ``HTTPRequestBodyUnavailable`` when the
    /// content cannot be had: the client went away, stalled past the body timeout, or framed
    /// it wrongly — the server has answered that request itself.
    public func collect(upTo limit: Int) async throws -> [UInt8] {
        switch storage {
        case .bytes(let bytes):
            guard bytes.count <= limit else { throw HTTPContentTooLarge(limit: limit) }
            return bytes
        case .connection(let source, _):
            return try await source.collect(upTo: limit)
        }
    }
}

extension HTTPRequestBody {
    /// The content as it arrives, in chunks, within `limit` bytes in all: the live server
    /// reads the socket only while the next chunk is waited for, so a slow consumer holds the
    /// upload back in the client rather than in memory (at most one read's worth is buffered).
    /// Iterate it once, instead of ``collect(upTo:)``: on the live server a second iteration
    /// finds nothing (content in memory comes again).
    public func chunks(upTo limit: Int) -> HTTPRequestBodyChunks {
        HTTPRequestBodyChunks(body: self, limit: limit)
    }

    /// The next chunk of the content and whether it is the last.
    func nextChunk(upTo limit: Int) async throws -> (bytes: [UInt8], isLast: Bool) {
        switch storage {
        case .bytes(let bytes):
            guard bytes.count <= limit else { throw HTTPContentTooLarge(limit: limit) }
            return (bytes, true)
        case .connection(let source, _):
            return try await source.nextChunk(limit: limit)
        }
    }
}

/// A request's content as an async sequence of byte chunks (never empty); see
/// ``HTTPRequestBody/chunks(upTo:)``. Throws ``HTTPContentTooLarge`` past the limit and
/// ``HTTPRequestBodyUnavailable`` when the client goes away or frames the content wrongly.
public struct HTTPRequestBodyChunks: AsyncSequence, Sendable {
    public typealias Element = [UInt8]

    let body: HTTPRequestBody
    let limit: Int

    public func makeAsyncIterator() -> Iterator {
        Iterator(body: body, limit: limit)
    }

    /// Reads the chunks one demand at a time.
    public struct Iterator: AsyncIteratorProtocol {
        let body: HTTPRequestBody
        let limit: Int
        var isFinished = false

        public mutating func next() async throws -> [UInt8]? {
            while !isFinished {
                let (bytes, isLast) = try await body.nextChunk(upTo: limit)
                isFinished = isLast
                if !bytes.isEmpty { return bytes }
            }
            return nil
        }
    }
}

/// Thrown when a request's content is longer than the limit it is read with (413).
public struct HTTPContentTooLarge: Error, Sendable, Hashable, CustomStringConvertible {
    /// The limit in bytes that was exceeded.
    public let limit: Int

    /// An error for `limit`.
    public init(limit: Int) {
        self.limit = limit
    }

    public var description: String { "request content is larger than the limit of \(limit) bytes" }
}

/// Thrown when a request's content cannot be read: the client went away, stalled past the
/// body read timeout, or sent a malformed chunked coding. The server has already answered
/// (or closed); a response to the request is not sent.
public struct HTTPRequestBodyUnavailable: Error, Sendable, Hashable, CustomStringConvertible {
    /// An error.
    public init() {}

    public var description: String { "the request content could not be read: the client went away or sent it wrongly" }
}
