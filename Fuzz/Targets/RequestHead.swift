@testable import StrataHTTP

// libFuzzer target: the HTTP/1.1 request-head parser must never crash, and must give the
// same answer however the bytes are split.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestHead(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    var whole = HTTPHeadParser(maxRequestLineLength: 256, maxFieldLineLength: 256, maxHeaderBytes: 1024, maxHeaderCount: 20)
    let expected = whole.parse(bytes)
    // The same bytes in two pieces, split where the first byte says.
    if size > 1 {
        let split = Int(bytes[0]) % size
        var pieces = HTTPHeadParser(maxRequestLineLength: 256, maxFieldLineLength: 256, maxHeaderBytes: 1024, maxHeaderCount: 20)
        let early = pieces.parse(UnsafeBufferPointer(rebasing: bytes[..<split]))
        let result: HTTPHeadParser.Result
        switch early {
        case .failed, .complete: result = early
        case .incomplete: result = pieces.parse(bytes)
        }
        if case .complete = result, result != expected { fatalError("split at \(split) changed the result") }
    }
    return 0
}
