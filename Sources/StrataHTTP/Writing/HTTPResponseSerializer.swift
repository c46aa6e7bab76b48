/// Writes a response's head and content as HTTP/1.1 bytes (RFC 9112).
///
/// Both transports use it — the server for the socket, the test client in process — so
/// they produce the same bytes.
package enum HTTPResponseSerializer {
    /// Appends `response` to `buffer`: status line, framing, `date` (a complete `Date` field
    /// value) when given, `extraFields` (e.g. `Connection: close`, already encoded by the
    /// transport), the response's own fields, its encoded fields, a blank line, then the
    /// content when it is in memory.
    ///
    /// A field with an invalid name or value throws before anything is appended, so a
    /// half-written head never reaches the wire.
    ///
    /// A stream gets `Transfer-Encoding: chunked` when `allowsChunked` (the client speaks
    /// HTTP/1.1), and no framing field otherwise — the connection's close ends it. Its chunks
    /// are the transport's to write, with ``appendChunk(_:into:)`` and ``lastChunk``; so are a
    /// file region's bytes, announced with its length.
    package static func serialize(_ response: HTTPResponse, date: String?, extraFields: [UInt8] = [], allowsChunked: Bool = true, into buffer: inout [UInt8]) throws(HTTPHeaderError) {
        // Check first, then write: header injection must not leave partial output.
        try response.headers.validate()

        let inMemory = response.status.allowsContent ? response.bytes : []
        buffer.reserveCapacity(buffer.count + 128 + response.encodedFields.bytes.count + inMemory.count)
        appendStatusLine(response.status, into: &buffer)
        // RFC 9110 §8.6: no Content-Length on 1xx and 204; on 304 it would have to describe
        // the selected representation, which this response does not carry.
        if response.status.allowsContent {
            switch framing(of: response.body) {
            case .length(let length):
                append("Content-Length: ", into: &buffer)
                appendDecimal(length, into: &buffer)
                appendCRLF(into: &buffer)
            case .chunked:
                if allowsChunked { append("Transfer-Encoding: chunked\r\n", into: &buffer) }
            case .unannounced:
                break
            }
        }
        if let date {
            append("Date: ", into: &buffer)
            append(date, into: &buffer)
            appendCRLF(into: &buffer)
        }
        buffer.append(contentsOf: extraFields)
        for field in response.headers {
            append(field.name, into: &buffer)
            append(": ", into: &buffer)
            append(field.value, into: &buffer)
            appendCRLF(into: &buffer)
        }
        buffer.append(contentsOf: response.encodedFields.bytes)
        appendCRLF(into: &buffer)
        buffer.append(contentsOf: inMemory)
    }

    /// The framing a body is announced with; a HEAD answer names the one its GET would have
    /// (RFC 9110 §9.3.2).
    static func framing(of body: HTTPResponse.Body) -> HTTPResponse.Framing {
        switch body {
        case .bytes(let bytes): return .length(bytes.count)
        case .file(let region): return .length(region.length)
        case .stream: return .chunked
        case .omitted(let framing): return framing
        }
    }

    /// Appends one chunk in the chunked coding: its size in hex, CRLF, the data, CRLF
    /// (RFC 9112 §7.1). An empty chunk would end the body, so it appends nothing.
    package static func appendChunk(_ chunk: [UInt8], into buffer: inout [UInt8]) {
        guard !chunk.isEmpty else { return }
        append(String(chunk.count, radix: 16, uppercase: true), into: &buffer)
        appendCRLF(into: &buffer)
        buffer.append(contentsOf: chunk)
        appendCRLF(into: &buffer)
    }

    /// The last chunk and the empty trailer section that end a chunked body.
    package static let lastChunk: [UInt8] = Array("0\r\n\r\n".utf8)

    /// Appends `HTTP/1.1 <code> <reason>\r\n`.
    static func appendStatusLine(_ status: HTTPStatus, into buffer: inout [UInt8]) {
        append("HTTP/1.1 ", into: &buffer)
        appendDecimal(status.code, into: &buffer)
        buffer.append(UInt8(ascii: " "))
        append(status.reasonPhrase, into: &buffer)
        appendCRLF(into: &buffer)
    }

    /// Appends `string`'s UTF-8 as one copy where it is contiguous — native and small strings
    /// are — rather than through the generic `UTF8View` path (measurably slower per field).
    @inline(__always)
    static func append(_ string: String, into buffer: inout [UInt8]) {
        let copied: Void? = string.utf8.withContiguousStorageIfAvailable { buffer.append(contentsOf: $0) }
        if copied == nil { buffer.append(contentsOf: string.utf8) }
    }

    @inline(__always)
    static func appendCRLF(into buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\r"))
        buffer.append(UInt8(ascii: "\n"))
    }

    static func appendDecimal(_ value: Int, into buffer: inout [UInt8]) {
        precondition(value >= 0, "lengths and status codes are never negative")
        if value < 10 {
            buffer.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { raw in
            while rest > 0 {
                raw[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) {
                buffer.append(raw[index])
            }
        }
    }
}
