/// One end of a WebSocket connection as a pure state machine (RFC 6455 §5–§7): bytes in,
/// whole messages and control events out, and the bytes its protocol duties require — pongs,
/// the close handshake, the close that fails the connection — appended to an output buffer.
///
/// It does no I/O and knows no clock, so the server's event loop, the in-process test
/// transport, the test client's socket and the fuzzer drive the same code.
package struct WebSocketStateMachine: Sendable {
    /// Which end: a server requires masked frames and sends unmasked ones; a client the reverse.
    package enum Role: Sendable { case server, client }

    /// What the peer's bytes produced.
    package enum Event: Sendable, Equatable {
        case message(WebSocketMessage)
        case ping([UInt8])
        case pong([UInt8])
        /// The peer's close frame: its code (1005 when it sent none) and reason. Our answering
        /// close is already in the output.
        case closeReceived(WebSocketCloseCode, String)
    }

    package let role: Role
    package let maxFrameSize: Int
    package let maxMessageSize: Int
    /// The compression both ends agreed on in the handshake, if any.
    package let deflate: WebSocketDeflate?

    /// The data message being assembled from fragments.
    private var assembling: (opcode: WebSocketOpcode, compressed: Bool)?
    private var fragments: [UInt8] = []
    private var utf8 = UTF8Validator()

    /// Whether our close frame is in the output.
    package private(set) var closeSent = false
    /// Whether the peer's close frame has arrived.
    package private(set) var closeReceived = false
    /// Set when we failed the connection (a protocol error, a limit): the code we closed with.
    package private(set) var failure: WebSocketCloseCode?

    package init(role: Role, maxFrameSize: Int, maxMessageSize: Int, deflate: WebSocketDeflate? = nil) {
        self.role = role
        self.maxFrameSize = maxFrameSize
        self.maxMessageSize = maxMessageSize
        self.deflate = deflate
    }

    /// Whether nothing more will be read: both closes have passed, or the connection failed.
    /// Once the output is written, the transport closes the TCP connection.
    package var isFinished: Bool { (closeSent && closeReceived) || failure != nil }

    // MARK: Reading

    /// Consumes the complete frames at the front of `input`, calling `deliver` with each event
    /// and appending replies to `output`; returns the bytes consumed. It stops at the peer's
    /// close, at a failure, and before a frame that is not all there.
    ///
    /// `pause` is asked after each frame: when it says so, the rest waits in the input — the
    /// server's backpressure while its handler has enough messages waiting.
    package mutating func consume(_ input: UnsafeBufferPointer<UInt8>, output: inout [UInt8], pause: () -> Bool = { false },
                                  deliver: (Event) -> Void) -> Int {
        var consumed = 0
        while !isFinished && !closeReceived && !pause() {
            let rest = UnsafeBufferPointer(rebasing: input[consumed...])
            switch WebSocketFrame.parse(rest, expectsMask: role == .server, maxPayload: maxFrameSize) {
            case .incomplete:
                return consumed
            case .failed(let code):
                fail(code, output: &output)
                return consumed
            case .frame(let frame, let length):
                consumed += length
                handle(frame, output: &output, deliver: deliver)
            }
        }
        return consumed
    }

    private mutating func handle(_ frame: WebSocketFrame, output: inout [UInt8], deliver: (Event) -> Void) {
        // RSV1 marks a compressed message's first frame, and only when deflate was agreed;
        // RSV2 and RSV3 belong to no extension Strata speaks.
        let allowedReserved: UInt8 = deflate != nil && (frame.opcode == .text || frame.opcode == .binary) ? 0x40 : 0
        guard frame.reserved & ~allowedReserved == 0 else { return fail(.protocolError, output: &output) }
        switch frame.opcode {
        case .ping:
            // After our close, nothing but the peer's close matters.
            guard !closeSent else { return }
            appendFrame(opcode: .pong, payload: frame.payload, into: &output)
            deliver(.ping(frame.payload))
        case .pong:
            guard !closeSent else { return }
            deliver(.pong(frame.payload))
        case .close:
            receiveClose(frame.payload, output: &output, deliver: deliver)
        case .text, .binary:
            guard assembling == nil else { return fail(.protocolError, output: &output) }
            assembling = (frame.opcode, frame.reserved & 0x40 != 0)
            fragments.removeAll(keepingCapacity: fragments.capacity <= 64 * 1024)
            utf8 = UTF8Validator()
            appendFragment(frame, output: &output, deliver: deliver)
        case .continuation:
            guard assembling != nil else { return fail(.protocolError, output: &output) }
            appendFragment(frame, output: &output, deliver: deliver)
        }
    }

    private mutating func appendFragment(_ frame: WebSocketFrame, output: inout [UInt8], deliver: (Event) -> Void) {
        guard let (opcode, compressed) = assembling else { return }
        guard fragments.count + frame.payload.count <= maxMessageSize else { return fail(.messageTooBig, output: &output) }
        // Uncompressed text is checked as it comes, so a bad byte fails the connection at once.
        if opcode == .text && !compressed {
            guard frame.payload.withUnsafeBufferPointer({ utf8.validate($0) }) else { return fail(.invalidFramePayloadData, output: &output) }
        }
        if fragments.isEmpty && frame.fin {
            fragments = frame.payload
        } else {
            fragments += frame.payload
        }
        guard frame.fin else { return }
        assembling = nil
        var payload = fragments
        fragments = []
        if compressed {
            guard let deflate else { return fail(.protocolError, output: &output) }
            switch deflate.decompress(payload, limit: maxMessageSize) {
            case .success(let inflated): payload = inflated
            case .failure(let code): return fail(code, output: &output)
            }
            if opcode == .text {
                guard UTF8Validator.isValid(payload) else { return fail(.invalidFramePayloadData, output: &output) }
            }
        } else if opcode == .text {
            guard utf8.isComplete else { return fail(.invalidFramePayloadData, output: &output) }
        }
        // After our close the peer's data is read and dropped, waiting for its close.
        guard !closeSent else { return }
        deliver(opcode == .text ? .message(.text(String(decoding: payload, as: UTF8.self))) : .message(.binary(payload)))
    }

    private mutating func receiveClose(_ payload: [UInt8], output: inout [UInt8], deliver: (Event) -> Void) {
        var code = WebSocketCloseCode.noStatusReceived
        var reason = ""
        if payload.count == 1 { return fail(.protocolError, output: &output) }
        if payload.count >= 2 {
            code = WebSocketCloseCode(UInt16(payload[0]) << 8 | UInt16(payload[1]))
            guard code.isSendable else { return fail(.protocolError, output: &output) }
            let text = Array(payload[2...])
            guard UTF8Validator.isValid(text) else { return fail(.invalidFramePayloadData, output: &output) }
            reason = String(decoding: text, as: UTF8.self)
        }
        closeReceived = true
        if !closeSent {
            // §5.5.1: answer with a close, echoing the code (a close without one gets 1000).
            writeClose(code == .noStatusReceived ? .normalClosure : code, reason: "", into: &output)
        }
        deliver(.closeReceived(code, reason))
    }

    /// Fails the connection (§7.1.7): our close with `code`, then nothing more is read.
    private mutating func fail(_ code: WebSocketCloseCode, output: inout [UInt8]) {
        guard failure == nil else { return }
        failure = code
        if !closeSent { writeClose(code, reason: "", into: &output) }
    }

    // MARK: Writing

    /// Appends a data message; `false` (nothing appended) once our close is sent.
    @discardableResult
    package mutating func write(_ message: WebSocketMessage, into output: inout [UInt8]) -> Bool {
        switch message {
        case .text(let text): return write(opcode: .text, payload: Array(text.utf8), into: &output)
        case .binary(let bytes): return write(opcode: .binary, payload: bytes, into: &output)
        }
    }

    /// Appends a text or binary message with `payload`; compressed when deflate was agreed.
    @discardableResult
    package mutating func write(opcode: WebSocketOpcode, payload: [UInt8], into output: inout [UInt8]) -> Bool {
        guard !closeSent else { return false }
        if let compressed = deflate?.compress(payload) {
            appendFrame(reserved: 0x40, opcode: opcode, payload: compressed, into: &output)
        } else {
            appendFrame(opcode: opcode, payload: payload, into: &output)
        }
        return true
    }

    /// Appends a ping; `false` once our close is sent.
    @discardableResult
    package mutating func writePing(_ payload: [UInt8] = [], into output: inout [UInt8]) -> Bool {
        guard !closeSent else { return false }
        appendFrame(opcode: .ping, payload: Array(payload.prefix(125)), into: &output)
        return true
    }

    /// Appends our close frame, once. A code that may not be sent becomes 1000; the reason is
    /// cut to fit the 125-byte control frame at a character boundary.
    package mutating func writeClose(_ code: WebSocketCloseCode, reason: String, into output: inout [UInt8]) {
        guard !closeSent else { return }
        closeSent = true
        let sendable = code.isSendable ? code : .normalClosure
        var payload = [UInt8(sendable.rawValue >> 8), UInt8(sendable.rawValue & 0xFF)]
        var reasonBytes = Array(reason.utf8)
        while reasonBytes.count > 123 || !UTF8Validator.isValid(reasonBytes) { reasonBytes.removeLast() }
        payload += reasonBytes
        appendFrame(opcode: .close, payload: payload, into: &output)
    }

    private func appendFrame(reserved: UInt8 = 0, opcode: WebSocketOpcode, payload: [UInt8], into output: inout [UInt8]) {
        var key: (UInt8, UInt8, UInt8, UInt8)?
        if role == .client {
            // §5.3: a fresh, unpredictable key per frame.
            let random = UInt32.random(in: .min ... .max)
            key = (UInt8(random >> 24), UInt8(truncatingIfNeeded: random >> 16), UInt8(truncatingIfNeeded: random >> 8), UInt8(truncatingIfNeeded: random))
        }
        WebSocketFrame.append(fin: true, reserved: reserved, opcode: opcode, payload: payload, maskingKey: key, into: &output)
    }
}
