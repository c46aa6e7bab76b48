@testable import StrataHTTP
import Testing

/// The frame codec and the protocol's state machine, byte for byte (RFC 6455 §5.7's examples).
@Suite("WebSocket frames")
struct WebSocketFrameTests {
    /// Runs `bytes` through a machine and returns the events and what it wrote back.
    static func feed(_ bytes: [UInt8], into machine: inout WebSocketStateMachine) -> (events: [WebSocketStateMachine.Event], output: [UInt8], consumed: Int) {
        var events: [WebSocketStateMachine.Event] = []
        var output: [UInt8] = []
        let consumed = bytes.withUnsafeBufferPointer { machine.consume($0, output: &output) { events.append($0) } }
        return (events, output, consumed)
    }

    static func server(maxFrame: Int = 1 << 20, maxMessage: Int = 1 << 20) -> WebSocketStateMachine {
        WebSocketStateMachine(role: .server, maxFrameSize: maxFrame, maxMessageSize: maxMessage)
    }

    @Test func theRFCsExamplesEncodeAndParseExactly() {
        var unmasked: [UInt8] = []
        WebSocketFrame.append(opcode: .text, payload: Array("Hello".utf8), into: &unmasked)
        #expect(unmasked == [0x81, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F])
        var masked: [UInt8] = []
        WebSocketFrame.append(opcode: .text, payload: Array("Hello".utf8), maskingKey: (0x37, 0xFA, 0x21, 0x3D), into: &masked)
        #expect(masked == [0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58])
        let parsed = masked.withUnsafeBufferPointer { WebSocketFrame.parse($0, expectsMask: true, maxPayload: 100) }
        #expect(parsed == .frame(WebSocketFrame(opcode: .text, payload: Array("Hello".utf8)), consumed: 11))
        // A 256-byte binary message: a 16-bit length. 64 KiB: a 64-bit one.
        var medium: [UInt8] = []
        WebSocketFrame.append(opcode: .binary, payload: [UInt8](repeating: 7, count: 256), into: &medium)
        #expect(Array(medium.prefix(4)) == [0x82, 0x7E, 0x01, 0x00])
        var large: [UInt8] = []
        WebSocketFrame.append(opcode: .binary, payload: [UInt8](repeating: 7, count: 65536), into: &large)
        #expect(Array(large.prefix(10)) == [0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0])
        #expect(large.count == 65536 + 10)
    }

    @Test func aFrameArrivingInPiecesWaitsForItsLastByte() {
        var machine = Self.server()
        let frame: [UInt8] = [0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58]
        for cut in 0..<frame.count {
            let result = Self.feed(Array(frame[..<cut]), into: &machine)
            #expect(result.consumed == 0 && result.events.isEmpty)
        }
        #expect(Self.feed(frame, into: &machine).events == [.message(.text("Hello"))])
    }

    @Test func fragmentsJoinAndControlFramesMayComeBetween() {
        var machine = Self.server()
        var bytes: [UInt8] = []
        WebSocketFrame.append(fin: false, opcode: .text, payload: Array("Hel".utf8), maskingKey: (1, 2, 3, 4), into: &bytes)
        WebSocketFrame.append(opcode: .ping, payload: [9], maskingKey: (5, 6, 7, 8), into: &bytes)
        WebSocketFrame.append(opcode: .continuation, payload: Array("lo".utf8), maskingKey: (9, 9, 9, 9), into: &bytes)
        let result = Self.feed(bytes, into: &machine)
        #expect(result.events == [.ping([9]), .message(.text("Hello"))])
        // The pong answers at once, unmasked, with the ping's payload.
        #expect(result.output == [0x8A, 0x01, 0x09])
        #expect(result.consumed == bytes.count)
    }

    @Test func utf8SplitAcrossFragmentsIsAcceptedAndBadUTF8FailsAtOnce() {
        var machine = Self.server()
        let euro: [UInt8] = [0xE2, 0x82, 0xAC]
        var bytes: [UInt8] = []
        WebSocketFrame.append(fin: false, opcode: .text, payload: [euro[0]], maskingKey: (1, 2, 3, 4), into: &bytes)
        WebSocketFrame.append(opcode: .continuation, payload: Array(euro[1...]), maskingKey: (1, 2, 3, 4), into: &bytes)
        #expect(Self.feed(bytes, into: &machine).events == [.message(.text("€"))])
        // The first fragment already cannot be UTF-8: fail before the message ends.
        var bad = Self.server()
        var broken: [UInt8] = []
        WebSocketFrame.append(fin: false, opcode: .text, payload: [0xCE, 0xBA, 0xF5], maskingKey: (1, 2, 3, 4), into: &broken)
        let result = Self.feed(broken, into: &bad)
        #expect(bad.failure == .invalidFramePayloadData)
        #expect(result.output == [0x88, 0x02, 0x03, 0xEF])
        #expect(UTF8Validator.isValid(Array("κόσμε".utf8)))
        #expect(!UTF8Validator.isValid([0xED, 0xA0, 0x80]))  // a surrogate
        #expect(!UTF8Validator.isValid([0xF4, 0x90, 0x80, 0x80]))  // past U+10FFFF
        #expect(!UTF8Validator.isValid([0xE2, 0x82]))  // cut short
    }

    @Test func protocolErrorsFailWith1002() {
        let cases: [(String, [UInt8])] = [
            ("unmasked frame to a server", [0x81, 0x01, 0x41]),
            ("reserved opcode 3", [0x83, 0x80, 0, 0, 0, 0]),
            ("RSV2 without an extension", [0xA1, 0x80, 0, 0, 0, 0]),
            ("fragmented ping", [0x09, 0x80, 0, 0, 0, 0]),
            ("ping of 126 bytes", [0x89, 0xFE, 0x00, 0x7E]),
            ("continuation with nothing to continue", [0x80, 0x80, 0, 0, 0, 0]),
            ("64-bit length with its top bit set", [0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0]),
            ("close with a one-byte payload", [0x88, 0x81, 0, 0, 0, 0, 0x03]),
            ("close with code 1005", [0x88, 0x82, 0, 0, 0, 0, 0x03, 0xED]),
        ]
        for (name, bytes) in cases {
            var machine = Self.server(maxFrame: .max)
            let result = Self.feed(bytes, into: &machine)
            #expect(machine.failure == .protocolError, "\(name)")
            #expect(result.output == [0x88, 0x02, 0x03, 0xEA], "\(name)")
            #expect(machine.isFinished, "\(name)")
        }
    }

    @Test func framesAndMessagesOverTheLimitsFailWith1009BeforeTheyArrive() {
        var machine = Self.server(maxFrame: 100, maxMessage: 150)
        // Only the header of a 101-byte frame: refused without waiting for its payload.
        _ = Self.feed([0x82, 0xE5], into: &machine)
        #expect(machine.failure == .messageTooBig)
        var message = Self.server(maxFrame: 100, maxMessage: 150)
        var bytes: [UInt8] = []
        WebSocketFrame.append(fin: false, opcode: .binary, payload: [UInt8](repeating: 1, count: 100), maskingKey: (1, 2, 3, 4), into: &bytes)
        WebSocketFrame.append(opcode: .continuation, payload: [UInt8](repeating: 1, count: 51), maskingKey: (1, 2, 3, 4), into: &bytes)
        let result = Self.feed(bytes, into: &message)
        #expect(message.failure == .messageTooBig)
        #expect(result.output == [0x88, 0x02, 0x03, 0xF1])
    }

    @Test func theCloseHandshakeEchoesTheCodeAndEndsReading() {
        var machine = Self.server()
        var bytes: [UInt8] = []
        WebSocketFrame.append(opcode: .close, payload: [0x03, 0xE8] + Array("done".utf8), maskingKey: (1, 2, 3, 4), into: &bytes)
        WebSocketFrame.append(opcode: .text, payload: Array("late".utf8), maskingKey: (1, 2, 3, 4), into: &bytes)
        let result = Self.feed(bytes, into: &machine)
        #expect(result.events == [.closeReceived(.normalClosure, "done")])
        #expect(result.output == [0x88, 0x02, 0x03, 0xE8])
        #expect(machine.isFinished)
        // After its close, nothing more is read.
        #expect(result.consumed == bytes.count - 10)
        var output: [UInt8] = []
        #expect(!machine.write(.text("too late"), into: &output))
        #expect(output.isEmpty)
    }

    @Test func ourCloseCutsItsReasonAtACharacterAndRefusesLocalCodes() {
        var machine = Self.server()
        var output: [UInt8] = []
        machine.writeClose(.abnormalClosure, reason: String(repeating: "é", count: 100), into: &output)
        // 1006 may not be sent: 1000 instead; the reason cut to 122 bytes (61 two-byte characters).
        #expect(Array(output.prefix(4)) == [0x88, 0x7C, 0x03, 0xE8])
        #expect(output.count == 2 + 2 + 122)
        // Data after our close is dropped while the peer's close is awaited.
        var bytes: [UInt8] = []
        WebSocketFrame.append(opcode: .text, payload: Array("in flight".utf8), maskingKey: (1, 2, 3, 4), into: &bytes)
        WebSocketFrame.append(opcode: .close, payload: [0x03, 0xE8], maskingKey: (1, 2, 3, 4), into: &bytes)
        let result = Self.feed(bytes, into: &machine)
        #expect(result.events == [.closeReceived(.normalClosure, "")])
        #expect(result.output.isEmpty)
        #expect(machine.isFinished)
    }

    @Test func aClientMasksEveryFrameWithAFreshKey() {
        var client = WebSocketStateMachine(role: .client, maxFrameSize: 1000, maxMessageSize: 1000)
        var first: [UInt8] = [], second: [UInt8] = []
        client.write(.text("same"), into: &first)
        client.write(.text("same"), into: &second)
        #expect(first[1] == 0x84 && second[1] == 0x84)
        var server = Self.server()
        #expect(Self.feed(first + second, into: &server).events == [.message(.text("same")), .message(.text("same"))])
        // A masked frame from a server fails a client.
        var masked: [UInt8] = []
        WebSocketFrame.append(opcode: .text, payload: [0x41], maskingKey: (1, 2, 3, 4), into: &masked)
        _ = Self.feed(masked, into: &client)
        #expect(client.failure == .protocolError)
    }

    @Test func permessageDeflateRoundTripsAndBoundsInflation() {
        let parameters = WebSocketDeflateParameters.negotiate(offers: ["x-webkit-deflate-frame, permessage-deflate; client_max_window_bits"],
                                                              requireNoContextTakeover: false)
        #expect(parameters == WebSocketDeflateParameters())
        #expect(WebSocketDeflateParameters.negotiate(offers: ["permessage-deflate; server_max_window_bits=8"], requireNoContextTakeover: false) == nil)
        #expect(WebSocketDeflateParameters.negotiate(offers: ["permessage-deflate; foo"], requireNoContextTakeover: false) == nil)
        #expect(WebSocketDeflateParameters.negotiate(offers: ["permessage-deflate; server_max_window_bits=10, permessage-deflate"], requireNoContextTakeover: true)?.responseValue
                == "permessage-deflate; server_no_context_takeover; server_max_window_bits=10")
        var client = WebSocketStateMachine(role: .client, maxFrameSize: 1 << 20, maxMessageSize: 1 << 20,
                                           deflate: WebSocketDeflate(parameters: WebSocketDeflateParameters(), role: .client))
        var server = WebSocketStateMachine(role: .server, maxFrameSize: 1 << 20, maxMessageSize: 10_000,
                                           deflate: WebSocketDeflate(parameters: WebSocketDeflateParameters(), role: .server))
        var bytes: [UInt8] = []
        let text = String(repeating: "Hello ", count: 1000)
        client.write(.text(text), into: &bytes)
        #expect(bytes[0] == 0xC1)  // FIN, RSV1, text
        #expect(bytes.count < 100)
        #expect(Self.feed(bytes, into: &server).events == [.message(.text(text))])
        // A bomb: 1 MB of zeros in a few hundred bytes, past the 10 000-byte limit.
        var bomb: [UInt8] = []
        client.write(.binary([UInt8](repeating: 0, count: 1 << 20)), into: &bomb)
        #expect(bomb.count < 2000)
        _ = Self.feed(bomb, into: &server)
        #expect(server.failure == .messageTooBig)
    }

    @Test func malformedExtensionOffersAreDeclinedNotCrashedOn() {
        for offer in ["permessage-deflate;=", "permessage-deflate; ;x", "permessage-deflate; =15",
                      "permessage-deflate; server_max_window_bits=", "permessage-deflate; client_max_window_bits=16",
                      "permessage-deflate; server_no_context_takeover; server_no_context_takeover"] {
            #expect(WebSocketDeflateParameters.negotiate(offers: [offer], requireNoContextTakeover: false) == nil, "\(offer)")
        }
    }

    @Test func aPeerThatEndsItsDeflateStreamEachMessageIsStillRead() {
        // Each message a complete raw DEFLATE stream with BFINAL set (RFC 7692 §7.2.3.4).
        var server = WebSocketStateMachine(role: .server, maxFrameSize: 1000, maxMessageSize: 1000,
                                           deflate: WebSocketDeflate(parameters: WebSocketDeflateParameters(), role: .server))
        var bytes: [UInt8] = []
        WebSocketFrame.append(reserved: 0x40, opcode: .text, payload: [243, 72, 205, 201, 201, 7, 0], maskingKey: (1, 2, 3, 4), into: &bytes)
        WebSocketFrame.append(reserved: 0x40, opcode: .text, payload: [11, 207, 47, 202, 73, 1, 0], maskingKey: (1, 2, 3, 4), into: &bytes)
        #expect(Self.feed(bytes, into: &server).events == [.message(.text("Hello")), .message(.text("World"))])
    }

    @Test func consumingPausesWhenAskedAndLeavesTheRestInTheInput() {
        var machine = Self.server()
        var bytes: [UInt8] = []
        for text in ["one", "two", "three"] { WebSocketFrame.append(opcode: .text, payload: Array(text.utf8), maskingKey: (1, 2, 3, 4), into: &bytes) }
        var events: [WebSocketStateMachine.Event] = []
        var output: [UInt8] = []
        let consumed = bytes.withUnsafeBufferPointer { machine.consume($0, output: &output, pause: { events.count >= 1 }) { events.append($0) } }
        #expect(events == [.message(.text("one"))])
        #expect(consumed == 9)
        let rest = Array(bytes[consumed...])
        #expect(Self.feed(rest, into: &machine).events == [.message(.text("two")), .message(.text("three"))])
    }
}
