import Strata

/// Reads one HTTP/1.1 response from bytes — what the test client's transports receive.
enum HTTPResponseParser {
    struct Head {
        var status: HTTPStatus
        var headers: HTTPHeaders
        /// Where the content starts.
        var bodyStart: Int
    }

    /// Parses the status line and fields, if `bytes` holds all of them.
    static func parseHead(_ bytes: [UInt8]) throws(TestClientError) -> Head? {
        guard let end = headEnd(in: bytes) else { return nil }
        return try bytes.withUnsafeBufferPointer { buffer throws(TestClientError) -> Head in
            // One pass over the lines: the status line, then `name: value` fields.
            var lineStart = 0
            var status: HTTPStatus?
            var headers = HTTPHeaders()
            while lineStart < end + 2 {
                var lineEnd = lineStart
                while lineEnd < end && !(buffer[lineEnd] == 13 && buffer[lineEnd + 1] == 10) { lineEnd += 1 }
                let line = UnsafeBufferPointer(rebasing: buffer[lineStart..<lineEnd])
                if status == nil {
                    status = try parseStatusLine(line)
                } else if !line.isEmpty {
                    headers.add(try parseField(line))
                }
                lineStart = lineEnd + 2
            }
            guard let status else { throw .malformedResponse("no status line") }
            return Head(status: status, headers: headers, bodyStart: end + 4)
        }
    }

    private static func parseStatusLine(_ line: UnsafeBufferPointer<UInt8>) throws(TestClientError) -> HTTPStatus {
        let text = String(decoding: line, as: UTF8.self)
        // "HTTP/1.1 200 OK": the version, SP, three digits, SP, an optional reason phrase.
        guard line.count >= 12, text.hasPrefix("HTTP/1.1 ") || text.hasPrefix("HTTP/1.0 "),
              line.count == 12 || line[12] == 32,
              let code = Int(String(decoding: UnsafeBufferPointer(rebasing: line[9..<12]), as: UTF8.self)) else {
            throw .malformedResponse("bad status line \"\(text)\"")
        }
        let phrase = line.count > 13 ? String(decoding: UnsafeBufferPointer(rebasing: line[13...]), as: UTF8.self) : ""
        if let standard = HTTPStatus.standardReasonPhrase(for: code), standard == phrase { return HTTPStatus(code: code) }
        return HTTPStatus(code: code, reasonPhrase: phrase)
    }

    /// RFC 9112 §5.1–5.2: no obs-fold, no whitespace before the colon — a test client that
    /// accepted them would hide the server's mistakes.
    private static func parseField(_ line: UnsafeBufferPointer<UInt8>) throws(TestClientError) -> HTTPHeaders.Field {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0,
              line[0] != 32, line[0] != 9, line[colon - 1] != 32, line[colon - 1] != 9 else {
            throw .malformedResponse("malformed field line")
        }
        var valueStart = colon + 1, valueEnd = line.count
        while valueStart < valueEnd, line[valueStart] == 32 || line[valueStart] == 9 { valueStart += 1 }
        while valueEnd > valueStart, line[valueEnd - 1] == 32 || line[valueEnd - 1] == 9 { valueEnd -= 1 }
        return HTTPHeaders.Field(name: String(decoding: UnsafeBufferPointer(rebasing: line[..<colon]), as: UTF8.self),
                                 value: String(decoding: UnsafeBufferPointer(rebasing: line[valueStart..<valueEnd]), as: UTF8.self))
    }

    /// Where the response that starts `bytes` ends, if its head has arrived and says; `nil`
    /// while the head is incomplete or the message runs until the connection closes.
    static func messageEnd(in bytes: [UInt8], requestMethod: HTTPMethod) throws(TestClientError) -> Int? {
        guard let head = try parseHead(bytes) else { return nil }
        if requestMethod == .head || !head.status.allowsContent { return head.bodyStart }
        if isChunked(head.headers) { return try decodeChunked(bytes, from: head.bodyStart)?.end }
        if let length = head.headers["Content-Length"].flatMap(Int.init) { return head.bodyStart + length }
        return nil
    }

    private static func isChunked(_ headers: HTTPHeaders) -> Bool {
        headers.values(for: "Transfer-Encoding").contains { $0.lowercased().contains("chunked") }
    }

    /// Decodes a chunked body that starts at `start` (RFC 9112 §7.1): its content and where
    /// the message ends, or `nil` while it is incomplete.
    static func decodeChunked(_ bytes: [UInt8], from start: Int) throws(TestClientError) -> (body: [UInt8], end: Int)? {
        var body: [UInt8] = []
        var index = start
        func line() -> Range<Int>? {
            var end = index
            while end + 1 < bytes.count {
                if bytes[end] == 13 && bytes[end + 1] == 10 { return index..<end }
                end += 1
            }
            return nil
        }
        while true {
            guard let sizeLine = line() else { return nil }
            let sizeText = String(decoding: bytes[sizeLine].prefix { $0 != UInt8(ascii: ";") }, as: UTF8.self)
            guard let size = Int(sizeText, radix: 16), size >= 0 else { throw .malformedResponse("bad chunk size \(sizeText)") }
            index = sizeLine.upperBound + 2
            if size == 0 {
                // Trailer fields, then the empty line.
                while let trailer = line() {
                    index = trailer.upperBound + 2
                    if trailer.isEmpty { return (body, index) }
                }
                return nil
            }
            guard bytes.count >= index + size + 2 else { return nil }
            body.append(contentsOf: bytes[index..<(index + size)])
            guard bytes[index + size] == 13, bytes[index + size + 1] == 10 else { throw .malformedResponse("chunk not followed by CRLF") }
            index += size + 2
        }
    }

    /// Parses a whole response whose content is framed by `Content-Length` (or absent).
    static func parse(_ bytes: [UInt8], requestMethod: HTTPMethod) throws(TestClientError) -> TestResponse {
        guard let head = try parseHead(bytes) else {
            throw .malformedResponse("the head is incomplete")
        }
        var body: [UInt8] = []
        let available = bytes.count - head.bodyStart
        if requestMethod != .head && head.status.allowsContent && isChunked(head.headers) {
            guard let (decoded, end) = try decodeChunked(bytes, from: head.bodyStart) else {
                throw .malformedResponse("incomplete chunked content")
            }
            guard end == bytes.count else { throw .malformedResponse("\(bytes.count - end) bytes after the last chunk") }
            body = decoded
        } else if requestMethod != .head && head.status.allowsContent {
            let length = try head.headers["Content-Length"].map { text throws(TestClientError) in
                guard let value = Int(text), value >= 0, text.utf8.allSatisfy({ $0 &- 48 < 10 }) else {
                    throw .malformedResponse("invalid Content-Length \(text)")
                }
                return value
            } ?? available
            guard length == available else {
                throw .malformedResponse("Content-Length \(length) but \(available) bytes of content")
            }
            body = Array(bytes[head.bodyStart...])
        } else if available != 0 {
            // HEAD, 1xx, 204 and 304 end at the blank line (RFC 9112 §6.3).
            throw .malformedResponse("\(available) bytes of content after a response that has none")
        }
        return TestResponse(status: head.status, headers: head.headers, body: body, rawBytes: bytes)
    }

    private static func headEnd(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }
}
