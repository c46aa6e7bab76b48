@testable import StrataHTTP

// libFuzzer target: entity-tag lists never crash the parser, and each parsed tag writes a
// field value that parses back to it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzETagLists(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if case .tags(let tags)? = ETagList.parse(text) {
        for tag in tags where ETag.parse(tag.headerValue) != tag {
            fatalError("\(tag.headerValue) does not parse back")
        }
    }
    _ = ETag.parse(text)
    return 0
}
