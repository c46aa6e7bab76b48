import Dispatch
import Strata
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

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

    private let state: Mutex<State>

    private init(fd: Int32, buffered: [UInt8], framing: Framing) {
        state = Mutex(State(fd: fd, buffered: buffered, framing: framing))
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
                continuation.resume(with: Result { try state.withLock { try Self.read(&$0) } })
            }
        }
    }

    /// Closes the connection: the server sees the client go away.
    func close() {
        state.withLock { state in
            if state.fd >= 0 {
                Glibc.close(state.fd)
                state.fd = -1
            }
            state.finished = true
        }
    }

    deinit { close() }

    private static func read(_ state: inout State) throws -> [UInt8]? {
        while !state.finished {
            switch state.framing {
            case .length(let remaining):
                if remaining == 0 {
                    state.finished = true
                    return nil
                }
                if !state.buffered.isEmpty {
                    let piece = Array(state.buffered.prefix(remaining))
                    state.buffered.removeFirst(piece.count)
                    state.framing = .length(remaining - piece.count)
                    return piece
                }
            case .untilClose:
                if !state.buffered.isEmpty {
                    defer { state.buffered = [] }
                    return state.buffered
                }
            case .chunked:
                if let remaining = state.chunkRemaining {
                    if remaining > 0, !state.buffered.isEmpty {
                        let piece = Array(state.buffered.prefix(remaining))
                        state.buffered.removeFirst(piece.count)
                        state.chunkRemaining = remaining - piece.count
                        return piece
                    }
                    if remaining == 0, state.buffered.count >= 2 {
                        state.buffered.removeFirst(2)  // the CRLF after the chunk's data
                        state.chunkRemaining = nil
                        continue
                    }
                } else if let lineEnd = firstCRLF(state.buffered) {
                    let line = String(decoding: state.buffered[..<lineEnd].prefix { $0 != UInt8(ascii: ";") }, as: UTF8.self)
                    guard let size = Int(line, radix: 16) else { throw TestClientError.malformedResponse("bad chunk size \(line)") }
                    state.buffered.removeFirst(lineEnd + 2)
                    if size == 0 {
                        state.finished = true
                        return nil
                    }
                    state.chunkRemaining = size
                    continue
                }
            }
            guard state.fd >= 0, let more = try LiveExchange.receive(state.fd) else {
                state.finished = true
                if case .untilClose = state.framing { return nil }
                throw TestClientError.malformedResponse("the connection closed before the content ended")
            }
            state.buffered += more
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
    private let remaining: Mutex<[UInt8]?>

    init(_ bytes: [UInt8]) {
        remaining = Mutex(bytes.isEmpty ? nil : bytes)
    }

    func next() -> [UInt8]? {
        remaining.withLock { remaining in
            defer { remaining = nil }
            return remaining
        }
    }
}
