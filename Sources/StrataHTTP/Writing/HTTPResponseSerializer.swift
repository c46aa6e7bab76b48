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
    /// A field with an invalid name or value throws and leaves `buffer` as it was, so a
    /// half-written head never reaches the wire.
    ///
    /// A stream gets `Transfer-Encoding: chunked` when `allowsChunked` (the client speaks
    /// HTTP/1.1), and no framing field otherwise — the connection's close ends it. Its chunks
    /// are the transport's to write, with ``appendChunk(_:into:)`` and ``lastChunk``; so are a
    /// file region's bytes, announced with its length.
    package static func serialize(_ response: HTTPResponse, date: String?, extraFields: [UInt8] = [], allowsChunked: Bool = true, into buffer: inout [UInt8]) throws(HTTPHeaderError) {
        let inMemory = response.status.allowsContent ? response.bytes : []
        // RFC 9110 §8.6: no Content-Length on 1xx and 204; on 304 it would have to describe
        // the selected representation, which this response does not carry.
        var length: Int?
        var chunked = false
        if response.status.allowsContent {
            switch framing(of: response.body) {
            case .length(let value): length = value
            case .chunked: chunked = allowsChunked
            case .unannounced: break
            }
        }
        // The head's size first, then one resize of the buffer and plain copies into it: one
        // capacity and uniqueness check for the response, where appending piece by piece
        // paid one per piece — six per field.
        let fields = response.headers.fields
        var size = 9 + 3 + 1 + response.status.reasonPhrase.utf8.count + 2
        if let length { size += 16 + ByteWriter.decimalDigits(length) + 2 }
        if chunked { size += transferEncodingChunked.utf8CodeUnitCount }
        if let date { size += 6 + date.utf8.count + 2 }
        size += extraFields.count
        for index in fields.indices {
            size += fields[index].name.utf8.count + 2 + fields[index].value.utf8.count + 2
        }
        size += response.encodedFields.bytes.count + 2 + inMemory.count
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: size))
        let invalid: HTTPHeaderError? = buffer.withUnsafeMutableBufferPointer { output in
            var writer = ByteWriter(output, at: start)
            writer.write("HTTP/1.1 ")
            writer.writeDecimal(response.status.code)
            writer.write(UInt8(ascii: " "))
            writer.write(response.status.reasonPhrase)
            writer.writeCRLF()
            if let length {
                writer.write("Content-Length: ")
                writer.writeDecimal(length)
                writer.writeCRLF()
            }
            if chunked { writer.write(transferEncodingChunked) }
            if let date {
                writer.write("Date: ")
                writer.write(date)
                writer.writeCRLF()
            }
            writer.write(extraFields)
            if let invalid = writeFields(fields, checking: !response.headersChecked, with: &writer) {
                return invalid
            }
            writer.write(response.encodedFields.bytes)
            writer.writeCRLF()
            writer.write(inMemory)
            return nil
        }
        if let invalid {
            // Nothing of a response with a bad field reaches the wire, not even its first half.
            buffer.removeSubrange(start...)
            throw invalid
        }
    }

    /// Writes `fields` — checking each as it is copied, unless the responder checked them: a
    /// name that is not a token, or a value with a control character, would let one field
    /// inject another — and returns the first bad one's error (what was written is then to be
    /// discarded). By index: a `for field in` loop would copy each field's strings out.
    private static func writeFields(_ fields: [HTTPHeaders.Field], checking: Bool, with writer: inout ByteWriter) -> HTTPHeaderError? {
        for index in fields.indices {
            if !checking {
                writer.write(fields[index].name)
            } else if fields[index].name.isEmpty {
                return HTTPHeaderError(name: "", reason: .invalidName, offendingByte: nil)
            } else if let bad = writer.writeToken(fields[index].name) {
                return HTTPHeaderError(name: fields[index].name, reason: .invalidName, offendingByte: bad)
            }
            writer.write(": ")
            if !checking {
                writer.write(fields[index].value)
            } else if let bad = writer.writeFieldValue(fields[index].value) {
                return HTTPHeaderError(name: fields[index].name, reason: .invalidValue, offendingByte: bad)
            }
            writer.writeCRLF()
        }
        return nil
    }

    private static let transferEncodingChunked: StaticString = "Transfer-Encoding: chunked\r\n"

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
        buffer.append(contentsOf: String(chunk.count, radix: 16, uppercase: true).utf8)
        buffer.append(contentsOf: crlf)
        buffer.append(contentsOf: chunk)
        buffer.append(contentsOf: crlf)
    }

    /// The last chunk and the empty trailer section that end a chunked body.
    package static let lastChunk: [UInt8] = Array("0\r\n\r\n".utf8)

    private static let crlf: [UInt8] = [UInt8(ascii: "\r"), UInt8(ascii: "\n")]
}
