@testable import StrataHTTP

// libFuzzer target: Accept parsing and negotiation never crash, and the chosen type is one
// of those offered.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAccept(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for range in ContentNegotiation.parseAccept(text) where !(0...1).contains(range.quality) {
        fatalError("quality \(range.quality) out of range")
    }
    let offered: [MediaType] = [.json, .html, .plainText, .messagePack]
    if let best = ContentNegotiation.bestMatch(offered: offered, accept: text), !offered.contains(best) {
        fatalError("\(best) was not offered")
    }
    _ = MediaType(text)
    return 0
}
