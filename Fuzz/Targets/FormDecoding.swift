import StrataCodecs
import StrataHTTP

// libFuzzer target: any bytes, as a form body or a query, decode or fail with an error —
// never a crash, whatever the brackets and percent signs.
struct Order: Decodable {
    struct Item: Decodable {
        var sku: String
        var qty: Int?
    }
    var name: String?
    var tags: [String]?
    var items: [Item]?
    var meta: [String: String]?
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFormDecoding(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let form = URLEncodedForm(parsing: text)
    _ = try? URLEncodedFormDecoder().decode(Order.self, from: form)
    _ = try? URLEncodedFormDecoder().decode([String: [String]].self, from: form)
    return 0
}
