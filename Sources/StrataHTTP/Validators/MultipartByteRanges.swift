/// The body of a multi-range 206 response: `multipart/byteranges` (RFC 9110 §14.6).
///
/// The body is described as segments rather than bytes, so a file can be sent range by
/// range without being read into memory:
///
/// ```swift
/// let body = MultipartByteRanges(ranges: [0...1, 5...6], length: 10,
///                                contentType: "text/plain", boundary: "B")
/// body.contentType   // "multipart/byteranges; boundary=B"
/// body.segments      // [.bytes("--B\r\nContent-Type: text/plain\r\nContent-Range: bytes 0-1/10\r\n\r\n"),
///                    //  .range(0...1), .bytes("\r\n--B\r\n…"), .range(5...6), .bytes("\r\n--B--\r\n")]
/// ```
package struct MultipartByteRanges: Sendable {
    /// The delimiter between parts, without the leading `--`.
    package let boundary: String
    /// The ranges of the representation, one per part, in order.
    package let ranges: [ClosedRange<Int>]
    /// The length of the whole representation, written after `/` in each `Content-Range`.
    package let length: Int
    /// The media type of the representation, written in each part; `nil` omits the field.
    package let partContentType: String?

    /// One piece of the body: literal bytes, or bytes to copy from the representation.
    package enum Segment: Sendable, Equatable {
        /// Bytes to write as they are: part headers, CRLFs and delimiters.
        case bytes([UInt8])
        /// The representation's bytes at these offsets.
        case range(ClosedRange<Int>)
    }

    /// The body, in order: alternating literal bytes and representation ranges.
    package let segments: [Segment]
    /// The exact number of bytes the segments add up to, for `Content-Length`.
    package let contentLength: Int

    /// The body for `ranges` of a representation of `length` bytes.
    ///
    /// `ranges` should come from ``RangeRequest/resolve(_:length:maxRanges:)``: within
    /// `0..<length`, ascending and disjoint. `boundary` must not occur in the content
    /// (RFC 2046 §5.1.1); ``makeBoundary()`` gives one that, in practice, never does.
    /// Control characters in `contentType` are dropped so it cannot end its header line.
    package init(ranges: [ClosedRange<Int>], length: Int, contentType: String?, boundary: String) {
        self.boundary = boundary
        self.ranges = ranges
        self.length = length
        self.partContentType = contentType

        let typeLine: [UInt8]? = contentType.map { type in
            Array("Content-Type: ".utf8) + type.utf8.filter { ($0 >= 0x20 && $0 != 0x7F) || $0 == 0x09 } + Self.crlf
        }
        let delimiter = Array("--\(boundary)".utf8)

        var segments: [Segment] = []
        segments.reserveCapacity(ranges.count * 2 + 1)
        var pending: [UInt8] = []
        var total = 0
        for range in ranges {
            // RFC 2046 §5.1.1: the CRLF before a delimiter belongs to the delimiter, so
            // it follows every part's data; the first delimiter needs none (no preamble).
            if !segments.isEmpty { pending += Self.crlf }
            pending += delimiter + Self.crlf
            if let typeLine { pending += typeLine }
            pending += Array("Content-Range: \(ContentRange.header(range, length: length))".utf8) + Self.crlf
            pending += Self.crlf
            total += pending.count + range.count
            segments.append(.bytes(pending))
            segments.append(.range(range))
            pending = []
        }
        if !segments.isEmpty { pending += Self.crlf }
        pending += delimiter + Array("--".utf8) + Self.crlf
        total += pending.count
        segments.append(.bytes(pending))

        self.segments = segments
        self.contentLength = total
    }

    /// A fresh random boundary: 32 characters of `[0-9A-Za-z]` from `SystemRandomNumberGenerator`.
    ///
    /// 32 alphanumerics carry about 190 bits, so it will not occur in any content.
    package static func makeBoundary() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for _ in 0..<32 {
            bytes.append(boundaryAlphabet[Int.random(in: 0..<boundaryAlphabet.count, using: &generator)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The `Content-Type` of the response: `multipart/byteranges; boundary=...`.
    ///
    /// The boundary is quoted when it is not a token (RFC 9110 §5.6.6).
    package var contentType: String {
        "multipart/byteranges; boundary=" + HTTPQuotedString.tokenOrQuoted(boundary)
    }

    private static let crlf: [UInt8] = [0x0D, 0x0A]
    private static let boundaryAlphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
}
