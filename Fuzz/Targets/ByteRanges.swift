@testable import StrataHTTP

// libFuzzer target: Range parsing and resolution never crash, and every resolved range lies
// inside the representation, sorted and apart.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzByteRanges(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let specs = RangeRequest.parse(text) else { return 0 }
    for length in [0, 1, 100, Int.max / 2] {
        if case .partial(let ranges) = RangeRequest.resolve(specs, length: length) {
            var previous = -2
            for range in ranges {
                if range.lowerBound < 0 || range.upperBound >= length || range.lowerBound <= previous + 1 {
                    fatalError("bad range \(range) of \(length) after \(previous)")
                }
                previous = range.upperBound
                _ = ContentRange.header(range, length: length)
            }
        }
    }
    return 0
}
