import CStrataZlib

/// permessage-deflate (RFC 7692): each message's payload compressed as raw DEFLATE, ended
/// with a sync flush whose last four bytes (`00 00 FF FF`) are left off the wire.
///
/// With context takeover, one end's compressor keeps its window from message to message —
/// better ratios for chat-like traffic, at ~300 KB of zlib state per connection; without,
/// it starts afresh each message. Inflating is bounded: a message that inflates past the
/// limit fails the connection with 1009 before more than the limit is produced.
///
/// `@unchecked Sendable`: it belongs to one ``WebSocketStateMachine``, which its connection
/// uses from one thread at a time (the event loop, or under the test transport's lock); the
/// zlib streams are never shared.
package final class WebSocketDeflate: @unchecked Sendable {
    package let parameters: WebSocketDeflateParameters
    private let role: WebSocketStateMachine.Role
    private let level: Int32
    private var deflater: UnsafeMutablePointer<z_stream>?
    private var inflater: UnsafeMutablePointer<z_stream>?
    /// zlib's output lands here first, for both directions: one buffer per connection, not
    /// one per message.
    private var scratch = [UInt8](repeating: 0, count: 16 * 1024)
    private static let tail: [UInt8] = [0x00, 0x00, 0xFF, 0xFF]

    /// A codec for the agreed `parameters`, from `role`'s side.
    package init(parameters: WebSocketDeflateParameters, role: WebSocketStateMachine.Role, level: Int = 6) {
        self.parameters = parameters
        self.role = role
        self.level = Int32(min(max(level, 1), 9))
    }

    deinit {
        if let deflater { deflateEnd(deflater); deflater.deallocate() }
        if let inflater { inflateEnd(inflater); inflater.deallocate() }
    }

    /// Our window: the other end told us the most it will keep.
    /// zlib's raw deflate has no 256-byte window: 8 (which the server never agrees to for
    /// itself, but may ask of a client) compresses with 9 bits, as zlib itself would.
    private var ownWindowBits: Int {
        max(9, role == .server ? parameters.serverMaxWindowBits : parameters.clientMaxWindowBits)
    }

    private var ownNoContextTakeover: Bool {
        role == .server ? parameters.serverNoContextTakeover : parameters.clientNoContextTakeover
    }

    private var peerNoContextTakeover: Bool {
        role == .server ? parameters.clientNoContextTakeover : parameters.serverNoContextTakeover
    }

    /// `payload` compressed as one message; `nil` if zlib could not be set up (out of memory),
    /// and the message then goes out uncompressed.
    package func compress(_ payload: [UInt8]) -> [UInt8]? {
        // zlib's raw deflate cannot use a 256-byte window (it would silently use 512): the
        // negotiation never agrees to 8 for our side, so this is 9…15.
        let windowBits = -Int32(ownWindowBits), level = level
        guard let stream = deflater ?? Self.makeStream({ strata_deflate_init($0, level, windowBits, 8) }) else { return nil }
        deflater = stream
        var output: [UInt8] = []
        output.reserveCapacity(payload.count / 2 + 16)
        payload.withUnsafeBufferPointer { source in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.pointee.avail_in = UInt32(source.count)
            repeat {
                _ = pump(stream, into: &output) { deflate($0, Z_SYNC_FLUSH) }
            } while stream.pointee.avail_out == 0
            stream.pointee.next_in = nil
            stream.pointee.avail_in = 0
        }
        if output.count >= 4 && Array(output.suffix(4)) == Self.tail { output.removeLast(4) }
        // An empty message still needs one empty block (§7.2.3.6): zlib gave `00 00 FF FF`,
        // which leaves nothing; send the single byte 0x00 instead.
        if output.isEmpty { output = [0x00] }
        if ownNoContextTakeover { deflateReset(stream) }
        return output
    }

    /// Runs `step` — one `deflate` or `inflate` call — into the scratch buffer and appends
    /// what it produced to `output`; returns zlib's status.
    private func pump(_ stream: UnsafeMutablePointer<z_stream>, into output: inout [UInt8],
                      _ step: (UnsafeMutablePointer<z_stream>) -> Int32) -> Int32 {
        let (produced, status) = scratch.withUnsafeMutableBufferPointer { buffer -> (Int, Int32) in
            stream.pointee.next_out = buffer.baseAddress
            stream.pointee.avail_out = UInt32(buffer.count)
            let status = step(stream)
            return (buffer.count - Int(stream.pointee.avail_out), status)
        }
        output.append(contentsOf: scratch[..<produced])
        return status
    }

    /// A zlib stream set up by `initialize` (deflate or inflate), or `nil` if zlib refused.
    private static func makeStream(_ initialize: (UnsafeMutablePointer<z_stream>) -> Int32) -> UnsafeMutablePointer<z_stream>? {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard initialize(stream) == Z_OK else {
            stream.deallocate()
            return nil
        }
        return stream
    }

    /// How inflating a message ended.
    package enum Inflated: Sendable {
        case success([UInt8])
        case failure(WebSocketCloseCode)
    }

    /// The message `payload` inflates to, if it does within `limit` bytes.
    package func decompress(_ payload: [UInt8], limit: Int) -> Inflated {
        // A 32 KB window takes whatever window the peer compresses with.
        guard let stream = inflater ?? Self.makeStream({ strata_inflate_init($0, -15) }) else { return .failure(.internalError) }
        inflater = stream
        var output: [UInt8] = []
        var failed = false
        var ended = false
        for input in [payload, Self.tail] {
            input.withUnsafeBufferPointer { source in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.pointee.avail_in = UInt32(source.count)
                while !failed && output.count <= limit {
                    let status = pump(stream, into: &output) { inflate($0, Z_SYNC_FLUSH) }
                    if status == Z_STREAM_END { ended = true; break }
                    if status == Z_BUF_ERROR { break }
                    if status != Z_OK { failed = true; break }
                    if stream.pointee.avail_in == 0 && stream.pointee.avail_out != 0 { break }
                }
                stream.pointee.next_in = nil
                stream.pointee.avail_in = 0
            }
            if failed || ended || output.count > limit { break }
        }
        if output.count > limit { inflateReset(stream); return .failure(.messageTooBig) }
        if failed { inflateReset(stream); return .failure(.invalidFramePayloadData) }
        // A final block (BFINAL, RFC 7692 §7.2.3.4) ends zlib's stream: the next message starts a
        // new one, as does every message of a peer without context takeover.
        if peerNoContextTakeover || ended { inflateReset(stream) }
        return .success(output)
    }
}
