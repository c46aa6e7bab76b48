import Glibc

/// Reads one request's content as it arrives, for a responder that asked for it with a limit.
///
/// A class so the connection's state refers to it while it grows, without copying the bytes
/// read so far. It lives only in ``RequestBodyState/reading(_:)``.
final class BodyReader {
    enum Decoding {
        case length(remaining: Int)
        case chunked(ChunkedBodyDecoder)
    }

    enum Progress {
        case needMore
        case complete([UInt8])
        case tooLarge
        case failed(HTTPStatus)
    }

    let limit: Int
    /// Whether the content goes to a stream, a chunk per demand, rather than whole.
    let streams: Bool
    private var decoding: Decoding
    private var bytes: [UInt8] = []
    /// When the client must have sent more (the body read timeout, renewed by each read).
    var deadline: UInt64
    /// The responder's task, waiting for the whole content.
    var waiter: CheckedContinuation<BodyDemand, Never>?

    init(framing: HTTPRequestHead.Framing, limit: Int, maxMetadataBytes: Int, deadline: UInt64, streams: Bool = false) {
        self.limit = limit
        self.streams = streams
        self.deadline = deadline
        switch framing {
        case .none:
            decoding = .length(remaining: 0)
        case .length(let length):
            decoding = .length(remaining: length)
            if !streams { bytes.reserveCapacity(min(length, 1 << 20)) }
        case .chunked:
            decoding = .chunked(ChunkedBodyDecoder(limit: limit, maxMetadataBytes: maxMetadataBytes))
        }
    }

    /// Takes what belongs to the body from the front of `input`; how many bytes it took, and
    /// where the body stands.
    func consume(_ input: UnsafeBufferPointer<UInt8>) -> (consumed: Int, progress: Progress) {
        switch decoding {
        case .length(let remaining):
            let take = min(remaining, input.count)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[..<take]))
            decoding = .length(remaining: remaining - take)
            return (take, remaining == take ? .complete(takeBytes()) : .needMore)
        case .chunked(var decoder):
            let progress = decoder.decode(input, into: &bytes)
            decoding = .chunked(decoder)
            switch progress {
            case .needMore: return (input.count, .needMore)
            case .done(let consumed): return (consumed, .complete(takeBytes()))
            case .tooLarge: return (input.count, .tooLarge)
            case .failed(let error): return (input.count, .failed(error.status))
            }
        }
    }

    /// Resumes the waiting responder, once.
    func resume(with demand: BodyDemand) {
        waiter?.resume(returning: demand)
        waiter = nil
    }

    /// Whether bytes are decoded that no demand took yet.
    var hasPending: Bool { !bytes.isEmpty }

    /// The bytes decoded since the last chunk, for a stream.
    func takeChunk() -> [UInt8] {
        takeBytes()
    }

    private func takeBytes() -> [UInt8] {
        defer { bytes = [] }
        return bytes
    }
}
