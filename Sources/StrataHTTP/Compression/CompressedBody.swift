import Glibc

/// A response body compressed while it is sent: a stream's chunks, or a file read in pieces.
package enum CompressedBody {
    /// `stream` compressed chunk by chunk. With `flushesEachChunk`, every chunk is flushed,
    /// so what the producer wrote — one server-sent event — reaches the client decodable at
    /// once; the ratio is a little worse than holding bytes back.
    package static func stream(_ stream: HTTPBodyStream, coding: ContentCoding, level: Int, flushesEachChunk: Bool) -> HTTPBodyStream {
        HTTPBodyStream(Chunks(source: .stream(stream), coding: coding, level: level, flushes: flushesEachChunk))
    }

    /// A file region compressed as it is read, 64 KiB at a time.
    package static func file(_ region: HTTPFileRegion, coding: ContentCoding, level: Int) -> HTTPBodyStream {
        HTTPBodyStream(Chunks(source: .file(region), coding: coding, level: level, flushes: false))
    }

    private struct Chunks: AsyncSequence, Sendable {
        enum Source: Sendable {
            case stream(HTTPBodyStream)
            case file(HTTPFileRegion)
        }

        let source: Source
        let coding: ContentCoding
        let level: Int
        let flushes: Bool

        func makeAsyncIterator() -> Iterator {
            Iterator(source: source, compressor: Compressor(coding: coding, level: level), flushes: flushes)
        }

        struct Iterator: AsyncIteratorProtocol {
            let reader: HTTPBodyStream.Reader?
            let file: FileReader?
            let compressor: Compressor?
            let flushes: Bool
            var ended = false

            init(source: Source, compressor: Compressor?, flushes: Bool) {
                self.compressor = compressor
                self.flushes = flushes
                switch source {
                case .stream(let stream):
                    reader = stream.makeReader()
                    file = nil
                case .file(let region):
                    reader = nil
                    file = FileReader(region)
                }
            }

            mutating func next() async throws -> [UInt8]? {
                guard !ended, let compressor else { return nil }
                while true {
                    guard let input = try await nextInput() else {
                        ended = true
                        let last = compressor.finish()
                        return last.isEmpty ? nil : last
                    }
                    let output = compressor.compress(input, flush: flushes)
                    if !output.isEmpty { return output }
                }
            }

            private func nextInput() async throws -> [UInt8]? {
                if let reader {
                    while let chunk = try await reader.next() {
                        if !chunk.isEmpty { return chunk }
                    }
                    return nil
                }
                return try file?.next()
            }
        }
    }

    /// A file region read in pieces; the descriptor is closed when the reader goes, also when
    /// the client leaves before the end.
    final class FileReader {
        private var descriptor: Int32
        private var offset: Int
        private var remaining: Int

        init(_ region: HTTPFileRegion) {
            descriptor = open(region.path, O_RDONLY | O_CLOEXEC)
            offset = region.offset
            remaining = region.length
        }

        deinit {
            if descriptor >= 0 { Glibc.close(descriptor) }
        }

        func next() throws -> [UInt8]? {
            guard remaining > 0 else { return nil }
            guard descriptor >= 0 else { throw FileShrank() }
            var buffer = [UInt8](repeating: 0, count: Swift.min(remaining, 64 * 1024))
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
            // The file shrank under us: the promised content cannot be completed.
            guard count > 0 else { throw FileShrank() }
            offset += count
            remaining -= count
            return count == buffer.count ? buffer : Array(buffer[..<count])
        }
    }

    struct FileShrank: Error {}
}
