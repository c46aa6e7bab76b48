import FoundationEssentials
@testable import StrataHTTP

// libFuzzer target: HTTP-date parsing never crashes, and a parsed date formats to an
// IMF-fixdate that parses back to the same second.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPDates(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let date = HTTPDate.parse(text, now: Date(timeIntervalSince1970: 1_700_000_000)) else { return 0 }
    let formatted = HTTPDate.format(date)
    guard let again = HTTPDate.parse(formatted) else { fatalError("\(formatted) does not parse back") }
    if Int(again.timeIntervalSince1970) != Int(date.timeIntervalSince1970.rounded(.down)) {
        fatalError("\(text) → \(formatted) moved")
    }
    return 0
}
