import Dispatch
import Strata
import Glibc

/// The content of a live response read from its socket as it arrives, with the chunked coding
/// removed; closing it is how a test "goes away".
final class LiveBodyReader: Sendable {
    private enum Framing: Sendable {
        case length(Int)
        case chunked
        case untilClose
    }

    private struct State: Sendable {
        var fd: Int32
        var buffered: [UInt8]
        var framing: Framing
        /// For `.chunked`: bytes left in the current chunk, or nil between chunks.
        var chunkRemaining: Int?
        var finished = false
    }

    private let state: PthreadLock<State>

    private init(fd: Int32, buffered: [UInt8], framing: Framing) {
        state = PthreadLock(State(fd: fd, buffered: buffered, framing: framing))
    }

    /// Sends `request` on a new connection and reads up to the end of the response's head.
    static func open(_ request: [UInt8], port: Int, method: HTTPMethod) async throws -> (HTTPResponseParser.Head, LiveBodyReader) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    let fd = try LiveExchange.connectAndSend(request, port: port)
                    var received: [UInt8] = []
                    while true {
                        if let head = try HTTPResponseParser.parseHead(received) {
                            let rest = Array(received[head.bodyStart...])
                            let framing: Framing
                            if method == .head || !head.status.allowsContent {
                                framing = .length(0)
                            } else if head.headers.values(for: "Transfer-Encoding").contains(where: { $0.lowercased().contains("chunked") }) {
                                framing = .chunked
                            } else if let length = head.headers["Content-Length"].flatMap(Int.init) {
                                framing = .length(length)
                            } else {
                                framing = .untilClose
                            }
                            return (head, LiveBodyReader(fd: fd, buffered: rest, framing: framing))
                        }
                        guard let chunk = try LiveExchange.receive(fd) else {
                            Glibc.close(fd)
                            throw TestClientError.connectionFailed("the server closed the connection before a response")
                        }
                        received += chunk
                    }
                })
            }
        }
    }

    /// The next piece of content, or `nil` at its end.
    func next() async throws -> [UInt8]? {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { [self] in
                continuation.resume(with: Result { try read() })
            }
        }
    }

    /// Decodes what is buffered; reads the socket — outside the lock, so ``close()`` is never
    /// held up by a blocking `recv` — only when more is needed.
    private func read() throws -> [UInt8]? {
        while true {
            let step = try state.withLock { state throws -> (piece: [UInt8]?, done: Bool, fd: Int32) in
                if let piece = try Self.decode(&state) { return (piece, true, state.fd) }
                return (nil, state.finished, state.fd)
            }
            if step.done || step.piece != nil { return step.piece }
            guard step.fd >= 0, let more = try LiveExchange.receive(step.fd) else {
                let untilClose = state.withLock { state in
                    state.finished = true
                    if case .untilClose = state.framing { return true }
                    return false
                }
                if untilClose { return nil }
                throw TestClientError.malformedResponse("the connection closed before the content ended")
            }
            state.withLock { $0.buffered += more }
        }
    }

    /// Closes the connection: the server sees the client go away. `shutdown` first wakes a
    /// `recv` that is waiting on another thread.
    func close() {
        let fd = state.withLock { state in
            defer {
                state.fd = -1
                state.finished = true
            }
            return state.fd
        }
        if fd >= 0 {
            shutdown(fd, Int32(SHUT_RDWR))
            Glibc.close(fd)
        }
    }

    deinit { close() }

    /// The next piece decodable from what is buffered; `nil` when more bytes are needed or the
    /// content ended (then `finished` is set).
    private static func decode(_ state: inout State) throws -> [UInt8]? {
        while !state.finished {
            switch state.framing {
            case .length(let remaining):
                if remaining == 0 {
                    state.finished = true
                    return nil
                }
                guard !state.buffered.isEmpty else { return nil }
                let piece = Array(state.buffered.prefix(remaining))
                state.buffered.removeFirst(piece.count)
                state.framing = .length(remaining - piece.count)
                return piece
            case .untilClose:
                guard !state.buffered.isEmpty else { return nil }
                defer { state.buffered = [] }
                return state.buffered
            case .chunked:
                if let remaining = state.chunkRemaining {
                    if remaining > 0 {
                        guard !state.buffered.isEmpty else { return nil }
                        let piece = Array(state.buffered.prefix(remaining))
                        state.buffered.removeFirst(piece.count)
                        state.chunkRemaining = remaining - piece.count
                        return piece
                    }
                    guard state.buffered.count >= 2 else { return nil }
                    state.buffered.removeFirst(2)  // the CRLF after the chunk's data
                    state.chunkRemaining = nil
                } else {
                    guard let lineEnd = firstCRLF(state.buffered) else { return nil }
                    let line = String(decoding: state.buffered[..<lineEnd].prefix { $0 != UInt8(ascii: ";") }, as: UTF8.self)
                    guard let size = Int(line, radix: 16) else { throw TestClientError.malformedResponse("bad chunk size \(line)") }
                    state.buffered.removeFirst(lineEnd + 2)
                    if size == 0 {
                        state.finished = true
                        return nil
                    }
                    state.chunkRemaining = size
                }
            }
        }
        return nil
    }

    private static func firstCRLF(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2 else { return nil }
        for index in 0..<(bytes.count - 1) where bytes[index] == 13 && bytes[index + 1] == 10 { return index }
        return nil
    }
}

/// A body already in memory, handed out once.
final class BufferedChunks: Sendable {
    private let remaining: PthreadLock<[UInt8]?>

    init(_ bytes: [UInt8]) {
        remaining = PthreadLock(bytes.isEmpty ? nil : bytes)
    }

    func next() -> [UInt8]? {
        remaining.withLock { remaining in
            defer { remaining = nil }
            return remaining
        }
    }
}
