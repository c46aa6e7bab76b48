@testable import StrataHTTP

// libFuzzer target: the multipart parser never crashes, holds at most a header block, a chunk
// and a boundary between chunks, and reports the same parts and the same error however the
// content is cut. The first byte picks the chunk size; the boundary is "b".
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMultipart(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let chunkSize = 1 + Int(data[0]) % 64
    let content = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let whole = parse(content, chunk: max(content.count, 1))
    let pieces = parse(content, chunk: chunkSize)
    if whole.events != pieces.events || whole.error != pieces.error {
        fatalError("chunks of \(chunkSize) changed the result: \(whole) vs \(pieces)")
    }
    let data = whole.events.reduce(0) { total, event in
        if case .partData(let bytes) = event { return total + bytes.count }
        return total
    }
    if data > content.count { fatalError("more content than input") }
    return 0
}

private func parse(_ content: [UInt8], chunk: Int) -> (events: [MultipartParser.Event], error: MultipartError?) {
    let maxHeaderBytes = 256
    var events: [MultipartParser.Event] = []
    do {
        var parser = try MultipartParser(boundary: "b", maxParts: 16, maxHeaderBytes: maxHeaderBytes)
        var start = 0
        while start < content.count {
            let piece = Array(content[start..<min(start + chunk, content.count)])
            try parser.feed(piece) { event in
                if case .partData(let more) = event, case .partData(let earlier)? = events.last {
                    events[events.count - 1] = .partData(earlier + more)
                } else {
                    events.append(event)
                }
            }
            if parser.bufferedBytes > maxHeaderBytes + chunk + 8 { fatalError("\(parser.bufferedBytes) bytes held") }
            start += chunk
        }
        try parser.finish()
        return (events, nil)
    } catch let error as MultipartError {
        return (events, error)
    } catch {
        fatalError("unexpected error \(error)")
    }
}
