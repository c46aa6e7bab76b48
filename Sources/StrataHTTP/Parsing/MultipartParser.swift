/// A push parser for `multipart/form-data` (RFC 7578) and the multipart syntax of RFC 2046
/// §5.1.1: fed the content in chunks of any size, it reports each part's header fields and its
/// bytes as they arrive, holding back only what could be the start of a boundary — so memory
/// stays bounded by one chunk, one part's header block and one boundary, whatever the parts'
/// sizes.
///
/// The preamble and epilogue are ignored, transport padding after a boundary is allowed, and
/// anything else out of place is an error: header fields that do not parse, a header block over
/// its limit, more parts than allowed, content that ends before the closing boundary.
package struct MultipartParser {
    /// What the content held, in order.
    package enum Event: Equatable, Sendable {
        /// A part begins, with these header fields.
        case partBegin(HTTPHeaders)
        /// Bytes of the current part's content; a part's content may come in several.
        case partData([UInt8])
        /// The current part ended.
        case partEnd
    }

    private enum State {
        case preamble, afterBoundary, padding, headers, content, epilogue
    }

    /// `CRLF "--" boundary`: every boundary but the first is preceded by the CRLF, and the
    /// parser starts with a CRLF of its own so the first is found the same way.
    private let delimiter: [UInt8]
    private let maxParts: Int
    private let maxHeaderBytes: Int
    private var buffer: [UInt8]
    private var state = State.preamble
    private(set) var parts = 0
    /// How many bytes of the current header block were searched for its end already, so a
    /// block sent a byte at a time is searched once, not once per byte.
    private var headerSearched = 0

    /// A parser for parts separated by `boundary` (1 to 70 characters of RFC 2046's `bchars`,
    /// not ending in a space); at most `maxParts` parts of at most `maxHeaderBytes` of header
    /// fields each.
    package init(boundary: String, maxParts: Int, maxHeaderBytes: Int) throws(MultipartError) {
        let bytes = Array(boundary.utf8)
        guard (1...70).contains(bytes.count), bytes.last != UInt8(ascii: " "), bytes.allSatisfy(Self.isBoundaryCharacter) else {
            throw MultipartError(.badRequest, "the multipart boundary \"\(boundary.prefix(80))\" is not 1 to 70 of the characters RFC 2046 allows")
        }
        delimiter = Array("\r\n--".utf8) + bytes
        self.maxParts = maxParts
        self.maxHeaderBytes = maxHeaderBytes
        buffer = Array("\r\n".utf8)
    }

    /// How many bytes the parser holds between chunks: bounded by a part's header block and a
    /// boundary, whatever the content's size.
    package var bufferedBytes: Int { buffer.count }

    /// Whether the closing boundary has been read.
    package var isComplete: Bool { state == .epilogue }

    /// Parses `bytes`, the next chunk of the content, reporting what it completes to `emit`.
    package mutating func feed(_ bytes: [UInt8], _ emit: (Event) throws -> Void) throws {
        if state == .epilogue { return }
        buffer += bytes
        var start = 0
        defer { buffer.removeFirst(start) }
        while true {
            switch state {
            case .preamble:
                if let found = Self.find(delimiter, in: buffer, from: start) {
                    start = found + delimiter.count
                    state = .afterBoundary
                } else {
                    start = max(start, buffer.count - (delimiter.count - 1))
                    return
                }
            case .afterBoundary:
                guard buffer.count - start >= 2 else { return }
                if buffer[start] == UInt8(ascii: "-") && buffer[start + 1] == UInt8(ascii: "-") {
                    state = .epilogue
                    start = buffer.count
                    return
                }
                state = .padding
            case .padding:
                while start < buffer.count, buffer[start] == UInt8(ascii: " ") || buffer[start] == UInt8(ascii: "\t") { start += 1 }
                guard buffer.count - start >= 2 else { return }
                guard buffer[start] == UInt8(ascii: "\r") && buffer[start + 1] == UInt8(ascii: "\n") else {
                    throw MultipartError(.badRequest, "a multipart boundary is followed by something other than a line end")
                }
                start += 2
                state = .headers
            case .headers:
                let end: Int
                let next: Int
                if buffer.count - start >= 2 && buffer[start] == UInt8(ascii: "\r") && buffer[start + 1] == UInt8(ascii: "\n") {
                    (end, next) = (start, start + 2)  // a part without header fields
                } else if let found = Self.find(Self.blankLine, in: buffer, from: start + max(0, headerSearched - 3)) {
                    (end, next) = (found, found + 4)
                } else {
                    headerSearched = buffer.count - start
                    // Room for a blank line cut after its first bytes, so the verdict does not
                    // depend on where the chunks end.
                    if buffer.count - start > maxHeaderBytes + 3 {
                        throw MultipartError(.badRequest, "a part's header fields are longer than \(maxHeaderBytes) bytes")
                    }
                    return
                }
                guard end - start <= maxHeaderBytes else {
                    throw MultipartError(.badRequest, "a part's header fields are longer than \(maxHeaderBytes) bytes")
                }
                parts += 1
                guard parts <= maxParts else {
                    throw MultipartError(.contentTooLarge, "the form has more than \(maxParts) parts")
                }
                let headers = try Self.headers(buffer[start..<end])
                headerSearched = 0
                start = next
                state = .content
                try emit(.partBegin(headers))
            case .content:
                if let found = Self.find(delimiter, in: buffer, from: start) {
                    if found > start { try emit(.partData(Array(buffer[start..<found]))) }
                    start = found + delimiter.count
                    state = .afterBoundary
                    try emit(.partEnd)
                } else {
                    // What could be the start of a boundary waits for the next chunk.
                    let safe = buffer.count - (delimiter.count - 1)
                    if safe > start {
                        try emit(.partData(Array(buffer[start..<safe])))
                        start = safe
                    }
                    return
                }
            case .epilogue:
                start = buffer.count
                return
            }
        }
    }

    /// The content ended: an error unless its closing boundary was read.
    package func finish() throws(MultipartError) {
        guard state == .epilogue else {
            throw MultipartError(.badRequest, parts == 0 && state == .preamble
                ? "the multipart content has no boundary line"
                : "the multipart content ended before its closing boundary")
        }
    }

    private static let blankLine = Array("\r\n\r\n".utf8)

    /// The header fields of a part: `name: value` lines, without folding (RFC 7578 §4.8 allows
    /// only Content-Disposition, Content-Type and Content-Transfer-Encoding to matter).
    private static func headers(_ block: ArraySlice<UInt8>) throws(MultipartError) -> HTTPHeaders {
        var headers = HTTPHeaders()
        var lineStart = block.startIndex
        while lineStart < block.endIndex {
            var lineEnd = lineStart
            while lineEnd < block.endIndex, !(block[lineEnd] == UInt8(ascii: "\r") && lineEnd + 1 < block.endIndex && block[lineEnd + 1] == UInt8(ascii: "\n")) {
                lineEnd += 1
            }
            let line = block[lineStart..<lineEnd]
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")),
                  let name = String(validating: line[lineStart..<colon], as: UTF8.self), HTTPToken.isValid(name) else {
                throw MultipartError(.badRequest, "a part has a header line that is not \"name: value\"")
            }
            var value = line[(colon + 1)...]
            while let first = value.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { value.removeFirst() }
            while let last = value.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { value.removeLast() }
            guard value.allSatisfy({ $0 == UInt8(ascii: "\t") || ($0 >= 0x20 && $0 != 0x7F) }) else {
                throw MultipartError(.badRequest, "a part's \(name) field has a control character")
            }
            headers.add(name, String(decoding: value, as: UTF8.self))
            lineStart = min(lineEnd + 2, block.endIndex)
        }
        return headers
    }

    /// The first index of `needle` in `haystack` at or after `from`.
    private static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard let first = needle.first, haystack.count - from >= needle.count else { return nil }
        var index = from
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first {
                var matched = 1
                while matched < needle.count && haystack[index + matched] == needle[matched] { matched += 1 }
                if matched == needle.count { return index }
            }
            index += 1
        }
        return nil
    }

    /// RFC 2046 §5.1.1 `bchars`: digits, letters and `'()+_,-./:=?` and space.
    private static func isBoundaryCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): return true
        default: return Array("'()+_,-./:=? ".utf8).contains(byte)
        }
    }
}

/// Multipart content Strata refuses: malformed (400) or over a limit (413).
public struct MultipartError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The status to answer with.
    public let status: HTTPStatus
    /// What is wrong, for the problem's detail.
    public let message: String

    /// An error answered with `status`.
    public init(_ status: HTTPStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { message }
}
