/// Writes a response's head and content as HTTP/1.1 bytes (RFC 9112).
///
/// Both transports use it — the server for the socket, the test client in process — so
/// they produce the same bytes.
public enum HTTPResponseSerializer {
    /// Appends `response` to `buffer`: status line, `Content-Length`, `date` (a complete
    /// `Date` field value) when given, `extraFields` (e.g. `Connection: close`, already
    /// encoded by the transport), the response's own fields, its encoded fields, a blank
    /// line, then the content.
    ///
    /// A field with an invalid name or value throws before anything is appended, so a
    /// half-written head never reaches the wire.
    ///
    /// A ``HTTPResponse/stream`` gets `Transfer-Encoding: chunked` when `allowsChunked` (the
    /// client speaks HTTP/1.1), and no framing field otherwise — the connection's close ends
    /// it. Its chunks are not appended here: the transport writes them as they come, with
    /// ``appendChunk(_:into:)`` and ``lastChunk``. A ``HTTPResponse/file`` gets its region's
    /// length; its bytes are the transport's to send.
    public static func serialize(_ response: HTTPResponse, date: String?, extraFields: [UInt8] = [], allowsChunked: Bool = true, into buffer: inout [UInt8]) throws(HTTPHeaderError) {
        // Check first, then write: header injection must not leave partial output.
        try response.headers.validate()

        let allowsContent = response.status.allowsContent
        buffer.reserveCapacity(buffer.count + 128 + response.encodedFields.bytes.count + response.body.count)
        appendStatusLine(response.status, into: &buffer)
        // RFC 9110 §8.6: no Content-Length on 1xx and 204; on 304 it would have to describe
        // the selected representation, which this response does not carry.
        if allowsContent {
            if response.stream != nil {
                // A HEAD answer names the framing its GET would have (RFC 9110 §9.3.2).
                if allowsChunked {
                    append("Transfer-Encoding: chunked\r\n", into: &buffer)
                }
            } else if let length = response.omitsBody ? response.announcedContentLength : (response.file?.length ?? response.body.count) {
                append("Content-Length: ", into: &buffer)
                appendDecimal(length, into: &buffer)
                appendCRLF(into: &buffer)
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
        if allowsContent && !response.omitsBody && response.stream == nil && response.file == nil {
            buffer.append(contentsOf: response.body)
        }
    }

    /// Appends one chunk in the chunked coding: its size in hex, CRLF, the data, CRLF
    /// (RFC 9112 §7.1). An empty chunk would end the body, so it appends nothing.
    public static func appendChunk(_ chunk: [UInt8], into buffer: inout [UInt8]) {
        guard !chunk.isEmpty else { return }
        append(String(chunk.count, radix: 16, uppercase: true), into: &buffer)
        appendCRLF(into: &buffer)
        buffer.append(contentsOf: chunk)
        appendCRLF(into: &buffer)
    }

    /// The last chunk and the empty trailer section that end a chunked body.
    public static let lastChunk: [UInt8] = Array("0\r\n\r\n".utf8)

    /// Appends `HTTP/1.1 <code> <reason>\r\n`.
    static func appendStatusLine(_ status: HTTPStatus, into buffer: inout [UInt8]) {
        append("HTTP/1.1 ", into: &buffer)
        appendDecimal(status.code, into: &buffer)
        buffer.append(UInt8(ascii: " "))
        append(status.reasonPhrase, into: &buffer)
        appendCRLF(into: &buffer)
    }

    @inline(__always)
    static func append(_ string: String, into buffer: inout [UInt8]) {
        buffer.append(contentsOf: string.utf8)
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
