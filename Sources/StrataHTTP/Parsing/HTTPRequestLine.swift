/// The request line: `method SP request-target SP HTTP-version` (RFC 9112 §3).
enum HTTPRequestLine {
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) throws(HTTPParseError) -> (HTTPMethod, String, HTTPVersion) {
        // method: RFC 9110 allows any token, but every registered method is upper case; like
        // nginx, Strata takes A–Z, "-" and "_" only, so "get" is a 400, not a 405.
        var index = line.lowerBound
        while index < line.upperBound, Self.isMethodCharacter(bytes[index]) { index += 1 }
        guard index > line.lowerBound, index < line.upperBound, bytes[index] == .space else {
            throw .badRequest("malformed method in the request line")
        }
        let method = HTTPMethod.known(bytes, line.lowerBound..<index)

        // RFC 9112 §3: recipients MAY split on runs of spaces; nginx does, and so does Strata.
        // Tabs and other whitespace are not separators.
        while index < line.upperBound, bytes[index] == .space { index += 1 }
        // request-target: no whitespace or controls (RFC 9112 §3.2).
        let targetStart = index
        while index < line.upperBound, bytes[index] != .space {
            let byte = bytes[index]
            if byte < 0x21 || byte == 0x7F {
                throw .badRequest("request-target contains a control character")
            }
            index += 1
        }
        guard index > targetStart, index < line.upperBound else {
            throw .badRequest("request line without a target and version")
        }
        let targetEnd = index
        while index < line.upperBound, bytes[index] == .space { index += 1 }
        var versionEnd = line.upperBound
        while versionEnd > index, bytes[versionEnd - 1] == .space { versionEnd -= 1 }

        // HTTP-version = "HTTP/" DIGIT "." DIGIT, exactly eight bytes.
        let versionStart = index
        guard versionEnd - versionStart == 8,
              bytes[versionStart] == UInt8(ascii: "H"), bytes[versionStart + 1] == UInt8(ascii: "T"),
              bytes[versionStart + 2] == UInt8(ascii: "T"), bytes[versionStart + 3] == UInt8(ascii: "P"),
              bytes[versionStart + 4] == UInt8(ascii: "/"), bytes[versionStart + 6] == UInt8(ascii: "."),
              case let major = bytes[versionStart + 5] &- UInt8(ascii: "0"), major < 10,
              case let minor = bytes[versionStart + 7] &- UInt8(ascii: "0"), minor < 10
        else {
            throw .badRequest("malformed HTTP version")
        }
        // HTTP/0.9 had no version at all, so "HTTP/0.x" is malformed; 2 and later speak
        // another framing (RFC 9110 §15.6.6). nginx answers the same.
        guard major != 0 else { throw .badRequest("malformed HTTP version") }
        guard major == 1 else {
            throw HTTPParseError(.httpVersionNotSupported, "HTTP/\(major).\(minor) is not supported")
        }
        // RFC 9110 §2.5: a 1.x message with a higher minor version is handled as the highest
        // 1.x the recipient supports.
        let version: HTTPVersion = minor == 0 ? .http1_0 : .http1_1
        let target = String(decoding: UnsafeBufferPointer(rebasing: bytes[targetStart..<targetEnd]), as: UTF8.self)
        return (method, target, version)
    }

    @inline(__always)
    static func isMethodCharacter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }
}

extension HTTPMethod {
    /// The method named by `range`, sharing the static instance for the common ones.
    static func known(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> HTTPMethod {
        let count = range.count
        func matches(_ name: StaticString) -> Bool {
            guard name.utf8CodeUnitCount == count else { return false }
            let pointer = name.utf8Start
            for offset in 0..<count where pointer[offset] != bytes[range.lowerBound + offset] { return false }
            return true
        }
        switch count {
        case 3:
            if matches("GET") { return .get }
            if matches("PUT") { return .put }
        case 4:
            if matches("POST") { return .post }
            if matches("HEAD") { return .head }
        case 5:
            if matches("PATCH") { return .patch }
            if matches("TRACE") { return .trace }
        case 6:
            if matches("DELETE") { return .delete }
        case 7:
            if matches("OPTIONS") { return .options }
            if matches("CONNECT") { return .connect }
        default:
            break
        }
        return HTTPMethod(uncheckedName: String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self))
    }
}
