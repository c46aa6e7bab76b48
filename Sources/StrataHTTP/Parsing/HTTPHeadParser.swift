/// Reads request heads from the front of a connection's buffer (RFC 9112 §2–§3, §5).
///
/// Incremental: it remembers how far it has looked for the blank line that ends a head, so
/// bytes arriving one at a time are scanned once, not again with every byte. The head is
/// parsed in place, with no copy of the buffer; only the strings the request keeps are made.
struct HTTPHeadParser {
    enum Result: Equatable {
        /// More bytes are needed.
        case incomplete
        /// A head, and how many bytes of the buffer it took (leading blank lines included).
        case complete(HTTPRequestHead, length: Int)
        /// The bytes are not a request Strata accepts.
        case failed(HTTPParseError)
    }

    let maxRequestLineLength: Int
    let maxFieldLineLength: Int
    let maxHeaderBytes: Int
    let maxHeaderCount: Int

    /// How many bytes at the buffer's front are known not to end the head.
    private var scanned = 0

    init(maxRequestLineLength: Int, maxFieldLineLength: Int = 8192, maxHeaderBytes: Int, maxHeaderCount: Int) {
        self.maxRequestLineLength = maxRequestLineLength
        self.maxFieldLineLength = maxFieldLineLength
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
    }

    init(configuration: ServerConfiguration) {
        self.init(maxRequestLineLength: configuration.maxRequestLineLength,
                  maxFieldLineLength: configuration.maxFieldLineLength,
                  maxHeaderBytes: configuration.maxHeaderBytes,
                  maxHeaderCount: configuration.maxHeaderCount)
    }

    /// Forgets the scan position; call after a head was consumed.
    mutating func reset() {
        scanned = 0
    }

    /// Looks for a complete head at the start of `bytes`.
    mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result {
        // RFC 9112 §2.2: a server SHOULD ignore at least one empty line received before the
        // request line.
        var start = 0
        while start < bytes.count, bytes[start] == .cr || bytes[start] == .lf {
            start += 1
        }
        if start == bytes.count {
            scanned = 0
            // Blank lines alone are not a request; a flood of them is not kept in memory.
            return start > maxRequestLineLength ? .failed(.badRequest("blank lines instead of a request")) : .incomplete
        }
        scanned = max(scanned, start)

        // The request line ends at the first LF; it alone may be up to maxRequestLineLength.
        guard let lineEnd = firstLF(in: bytes, from: start, before: min(bytes.count, start + maxRequestLineLength + 2)) else {
            // Bytes that cannot begin a request (a TLS handshake, binary noise) are refused now,
            // not after the header timeout: the method comes first and has a known alphabet.
            var index = start
            while index < bytes.count, HTTPRequestLine.isMethodCharacter(bytes[index]) { index += 1 }
            if index < bytes.count, bytes[index] != .space {
                return .failed(.badRequest("malformed method in the request line"))
            }
            if bytes.count - start > maxRequestLineLength + 1 {
                return .failed(HTTPParseError(.uriTooLong, "request line longer than \(maxRequestLineLength) bytes"))
            }
            scanned = bytes.count
            return .incomplete
        }
        // The fields end at an empty line: LF followed by LF or CR LF.
        var index = max(scanned, lineEnd)
        var headEnd: Int?
        while index < bytes.count {
            if bytes[index] == .lf {
                if index + 1 < bytes.count, bytes[index + 1] == .lf {
                    headEnd = index + 2
                    break
                }
                if index + 2 < bytes.count, bytes[index + 1] == .cr, bytes[index + 2] == .lf {
                    headEnd = index + 3
                    break
                }
                if index + 2 >= bytes.count {
                    break  // The bytes that decide are not here yet; look here again.
                }
            }
            index += 1
        }
        guard let headEnd else {
            scanned = max(lineEnd, min(index, bytes.count))
            if bytes.count - (lineEnd + 1) > maxHeaderBytes {
                return .failed(HTTPParseError(.requestHeaderFieldsTooLarge, "header fields longer than \(maxHeaderBytes) bytes"))
            }
            return .incomplete
        }
        if headEnd - (lineEnd + 1) > maxHeaderBytes + 2 {
            return .failed(HTTPParseError(.requestHeaderFieldsTooLarge, "header fields longer than \(maxHeaderBytes) bytes"))
        }
        do {
            let head = try parseHead(bytes, requestLine: start..<lineEnd, fields: (lineEnd + 1)..<headEnd)
            return .complete(head, length: headEnd)
        } catch {
            return .failed(error)
        }
    }

    private func firstLF(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, before end: Int) -> Int? {
        var index = start
        while index < end {
            if bytes[index] == .lf { return index }
            index += 1
        }
        return nil
    }

    private func parseHead(_ bytes: UnsafeBufferPointer<UInt8>, requestLine: Range<Int>, fields: Range<Int>) throws(HTTPParseError) -> HTTPRequestHead {
        let line = HTTPHeadParser.trimCR(bytes, requestLine)
        let (method, target, version) = try HTTPRequestLine.parse(bytes, line)
        var headers = HTTPHeaders()
        // One allocation for the fields instead of one per doubling: count the lines first.
        var lines = 0
        for index in fields where bytes[index] == .lf { lines += 1 }
        headers.reserveCapacity(min(lines, maxHeaderCount))
        var lineStart = fields.lowerBound
        while lineStart < fields.upperBound {
            var lineEnd = lineStart
            while bytes[lineEnd] != .lf { lineEnd += 1 }
            let fieldLine = HTTPHeadParser.trimCR(bytes, lineStart..<lineEnd)
            lineStart = lineEnd + 1
            if fieldLine.isEmpty { break }
            if headers.count == maxHeaderCount {
                throw HTTPParseError(.requestHeaderFieldsTooLarge, "more than \(maxHeaderCount) header fields")
            }
            if fieldLine.count > maxFieldLineLength {
                throw HTTPParseError(.requestHeaderFieldsTooLarge, "a header field longer than \(maxFieldLineLength) bytes")
            }
            if let (name, value) = try HTTPFieldLine.parse(bytes, fieldLine) {
                headers.add(name, value)
            }
        }
        return try HTTPMessageSemantics.head(method: method, target: target, version: version, headers: headers)
    }

    /// `range` without its final CR; a CR anywhere else in a line is refused later.
    static func trimCR(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        if !range.isEmpty, bytes[range.upperBound - 1] == .cr {
            return range.lowerBound..<(range.upperBound - 1)
        }
        return range
    }
}

extension UInt8 {
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let colon = UInt8(ascii: ":")
}
