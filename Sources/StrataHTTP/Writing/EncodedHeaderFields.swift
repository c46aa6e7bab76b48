/// Header fields validated and encoded to wire bytes once, to be copied into many responses.
///
/// A route's resolved headers never change, so Strata encodes them when the app is built;
/// writing them then costs one copy, with no per-request checks.
package struct EncodedHeaderFields: Sendable, Hashable {
    /// The encoded fields: `Name: value\r\n` for each, in order.
    package let bytes: [UInt8]
    /// The fields that were encoded, for those who read responses rather than write them.
    package let headers: HTTPHeaders

    /// No fields.
    package static let empty = EncodedHeaderFields(uncheckedBytes: [], headers: [:])

    /// Encodes `headers`, throwing for the first field that may not be written.
    package init(_ headers: HTTPHeaders) throws(HTTPHeaderError) {
        try headers.validate()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 })
        for field in headers {
            bytes.append(contentsOf: field.name.utf8)
            bytes.append(UInt8(ascii: ":"))
            bytes.append(UInt8(ascii: " "))
            bytes.append(contentsOf: field.value.utf8)
            bytes.append(UInt8(ascii: "\r"))
            bytes.append(UInt8(ascii: "\n"))
        }
        self.init(uncheckedBytes: bytes, headers: headers)
    }

    private init(uncheckedBytes: [UInt8], headers: HTTPHeaders) {
        self.bytes = uncheckedBytes
        self.headers = headers
    }

    /// Whether there are no fields.
    package var isEmpty: Bool { bytes.isEmpty }
}
