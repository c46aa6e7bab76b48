@testable import StrataHTTP

// libFuzzer target: the WebSocket state machine (frame parser, fragments, UTF-8, close,
// permessage-deflate) never crashes, never delivers a message over its limit, and produces the
// same events, replies and failure however the bytes are cut. The first byte picks the chunk
// size (low six bits) and whether deflate was agreed (bit 7).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWebSocketFrames(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let chunkSize = 1 + Int(data[0] & 0x3F)
    let deflate = data[0] & 0x80 != 0
    let content = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let whole = run(content, chunk: max(content.count, 1), deflate: deflate)
    let pieces = run(content, chunk: chunkSize, deflate: deflate)
    if whole.events != pieces.events || whole.output != pieces.output || whole.failure != pieces.failure {
        fatalError("chunks of \(chunkSize) changed the result: \(whole) vs \(pieces)")
    }
    return 0
}

private let maxMessage = 4096

private func run(_ content: [UInt8], chunk: Int, deflate: Bool) -> (events: [WebSocketStateMachine.Event], output: [UInt8], failure: WebSocketCloseCode?) {
    var machine = WebSocketStateMachine(role: .server, maxFrameSize: 2048, maxMessageSize: maxMessage,
                                        deflate: deflate ? WebSocketDeflate(parameters: WebSocketDeflateParameters(), role: .server) : nil)
    var events: [WebSocketStateMachine.Event] = []
    var output: [UInt8] = []
    var buffer: [UInt8] = []
    var start = 0
    while start < content.count && !machine.isFinished && !machine.closeReceived {
        buffer += content[start..<min(start + chunk, content.count)]
        let consumed = buffer.withUnsafeBufferPointer { machine.consume($0, output: &output) { events.append($0) } }
        if consumed > buffer.count { fatalError("consumed \(consumed) of \(buffer.count)") }
        buffer.removeFirst(consumed)
        // At most one frame's header and payload wait for the rest.
        if buffer.count > 2048 + 14 + chunk { fatalError("\(buffer.count) bytes held") }
        start += chunk
    }
    for event in events {
        if case .message(let message) = event, message.bytes.count > maxMessage { fatalError("a message of \(message.bytes.count) bytes") }
    }
    return (events, output, machine.failure)
}
