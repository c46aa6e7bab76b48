/// Content produced while it is sent: the server writes each chunk as it comes (chunked
/// transfer coding) and asks for the next only when the previous one has been written.
///
/// That is the backpressure: an endless stream never fills memory, however slow the client.
/// When the client goes away, the task reading the stream is cancelled, so the producer sees
/// `Task.isCancelled` or a `CancellationError`.
public struct HTTPBodyStream: Sendable {
    /// Reads one stream; used from one task only.
    public struct Reader {
        private let nextChunk: () async throws -> [UInt8]?

        init(_ nextChunk: @escaping () async throws -> [UInt8]?) {
            self.nextChunk = nextChunk
        }

        /// The next chunk, or `nil` at the end.
        public func next() async throws -> [UInt8]? {
            try await nextChunk()
        }
    }

    private let makeReaderClosure: @Sendable () -> Reader

    /// A stream of the byte chunks `sequence` yields.
    public init<Chunks: AsyncSequence & Sendable>(_ sequence: Chunks) where Chunks.Element == [UInt8] {
        makeReaderClosure = {
            var iterator = sequence.makeAsyncIterator()
            return Reader { try await iterator.next() }
        }
    }

    /// A reader positioned at the start of the stream.
    public func makeReader() -> Reader {
        makeReaderClosure()
    }
}

/// A region of a file, sent with `sendfile` so its bytes never pass through user space.
public struct HTTPFileRegion: Sendable, Hashable {
    /// The file's path.
    public var path: String
    /// Where the region starts, in bytes.
    public var offset: Int
    /// How many bytes it holds.
    public var length: Int

    /// A region of the file at `path`.
    public init(path: String, offset: Int = 0, length: Int) {
        self.path = path
        self.offset = offset
        self.length = length
    }
}
