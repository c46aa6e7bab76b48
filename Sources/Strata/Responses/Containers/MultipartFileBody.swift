import StrataHTTP
import Glibc

/// A `multipart/byteranges` body: the part headers, and the file's ranges read piece by piece
/// as the client takes them, so many large ranges never sit in memory at once.
struct MultipartFileBody: AsyncSequence, Sendable {
    let path: String
    let segments: [MultipartByteRanges.Segment]

    var stream: HTTPBodyStream { HTTPBodyStream(self) }

    /// The open file, closed when the last iterator holding it goes — also when a client that
    /// went away leaves the body half-read.
    final class OpenFile {
        let fd: Int32

        init(path: String) throws {
            fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw HTTPError(.notFound) }
        }

        deinit { close(fd) }
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        let path: String
        var segments: ArraySlice<MultipartByteRanges.Segment>
        var pendingRange: ClosedRange<Int>?
        var file: OpenFile?

        @concurrent mutating func next() async throws -> [UInt8]? {
            try Task.checkCancellation()
            if let range = pendingRange {
                return try readPiece(of: range)
            }
            guard let segment = segments.popFirst() else {
                file = nil
                return nil
            }
            switch segment {
            case .bytes(let bytes):
                return bytes
            case .range(let range):
                return try readPiece(of: range)
            }
        }

        /// Up to 64 KiB of `range`; what is left stays pending.
        private mutating func readPiece(of range: ClosedRange<Int>) throws -> [UInt8] {
            if file == nil { file = try OpenFile(path: path) }
            let fd = file!.fd  // Opened just above.
            let length = Swift.min(range.count, 64 * 1024)
            var bytes = [UInt8](repeating: 0, count: length)
            let read = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, length, off_t(range.lowerBound)) }
            guard read > 0 else { throw HTTPError(.internalServerError) }
            bytes.removeLast(length - read)
            pendingRange = read < range.count ? (range.lowerBound + read)...range.upperBound : nil
            return bytes
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(path: path, segments: segments[...])
    }
}
