@testable import StrataHTTP

// libFuzzer target: the chunked decoder never crashes, never returns more than the limit,
// and gives the same body and end however the input is split.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzChunkedBody(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    var whole = ChunkedBodyDecoder(limit: 4096, maxMetadataBytes: 256)
    var wholeBody: [UInt8] = []
    let expected = whole.decode(bytes, into: &wholeBody)
    if wholeBody.count > 4096 { fatalError("body over the limit") }
    guard size > 1 else { return 0 }
    let split = Int(bytes[0]) % size
    var pieces = ChunkedBodyDecoder(limit: 4096, maxMetadataBytes: 256)
    var body: [UInt8] = []
    var result = pieces.decode(UnsafeBufferPointer(rebasing: bytes[..<split]), into: &body)
    if result == .needMore {
        result = pieces.decode(UnsafeBufferPointer(rebasing: bytes[split...]), into: &body)
        if case .done(let consumed) = result { result = .done(consumed: consumed + split) }
    }
    if result != expected || (expected != .tooLarge && body != wholeBody && !(isFailure(expected))) {
        fatalError("split at \(split) changed the result: \(expected) vs \(result)")
    }
    return 0
}

private func isFailure(_ progress: ChunkedBodyDecoder.Progress) -> Bool {
    if case .failed = progress { return true }
    return false
}
