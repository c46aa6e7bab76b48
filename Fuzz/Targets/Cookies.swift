@testable import StrataHTTP

// libFuzzer target: Set-Cookie and Cookie parsing never crash; a parsed cookie that validates
// writes a header that parses back to the same cookie, and never contains CR, LF or NUL.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCookies(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = Cookie.parse(cookieHeader: text)
    guard let cookie = Cookie.parse(setCookie: text) else { return 0 }
    guard (try? cookie.validate()) != nil else { return 0 }
    let header = cookie.headerValue
    if header.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 0 }) { fatalError("control character in \(header)") }
    guard let again = Cookie.parse(setCookie: header) else { fatalError("\(header) does not parse back") }
    if again.name != cookie.name || again.value != cookie.value { fatalError("\(header) changed on the way back") }
    return 0
}
