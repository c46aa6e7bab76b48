@testable import StrataHTTP
import Testing

/// Decodes `text` fed in two pieces split at `split`.
func decodeChunked(_ text: String, split: Int, limit: Int = 1000) -> (ChunkedBodyDecoder.Progress, [UInt8], consumed: Int) {
    var decoder = ChunkedBodyDecoder(limit: limit, maxMetadataBytes: 64)
    var body: [UInt8] = []
    let bytes = Array(text.utf8)
    let pieces = [Array(bytes[..<split]), Array(bytes[split...])]
    var consumed = 0
    for piece in pieces {
        let progress = piece.withUnsafeBufferPointer { decoder.decode($0, into: &body) }
        switch progress {
        case .needMore:
            consumed += piece.count
        case .done(let used):
            return (.done(consumed: consumed + used), body, consumed + used)
        default:
            return (progress, body, consumed)
        }
    }
    return (.needMore, body, consumed)
}

@Suite("Chunked request bodies")
struct ChunkedBodyDecoderTests {
    static let valid: [(String, String)] = [
        ("5\r\nhello\r\n0\r\n\r\n", "hello"),
        ("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", "hello world"),
        ("A\r\n0123456789\r\n0\r\n\r\n", "0123456789"),
        ("a;name=value;other\r\n0123456789\r\n0;last\r\n\r\n", "0123456789"),
        ("3 ;ext\r\nabc\r\n0\r\n\r\n", "abc"),
        ("3\r\nabc\r\n0\r\nX-Trailer: 1\r\nOther: 2\r\n\r\n", "abc"),
        ("0\r\n\r\n", ""),
        ("000003\r\nabc\r\n0\r\n\r\n", "abc"),
        // Bare LF ends lines, as nginx reads them.
        ("3\nabc\n0\n\n", "abc"),
        ("3;x\nabc\r\n0\nT: 1\n\n", "abc"),
    ]

    @Test(arguments: 0..<valid.count)
    func validAtEverySplit(index: Int) {
        let (text, body) = Self.valid[index]
        for split in 0...text.utf8.count {
            let (progress, decoded, _) = decodeChunked(text + "NEXT", split: split)
            #expect(progress == .done(consumed: text.utf8.count), "split at \(split)")
            #expect(decoded == Array(body.utf8), "split at \(split)")
        }
    }

    static let invalid: [(String, String)] = [
        ("x\r\n", "chunk without a size"),
        ("\r\n", "chunk without a size"),
        ("5g\r\n", "invalid character in a chunk size"),
        ("-5\r\n", "chunk without a size"),
        ("5 6\r\nhello\r\n", "invalid character after a chunk size"),
        ("5\r\r\nhello\r\n", "chunk size line not ended by CRLF"),
        ("5\r\nhelloX\r\n", "chunk data not followed by CRLF"),
        ("5\r\nhello\rX", "chunk data not followed by CRLF"),
        ("1000000000000000\r\n", "chunk size too long"),
        ("3;\u{1}\r\nabc\r\n", "control character in a chunk extension"),
        ("0\r\n bad\r\n\r\n", "malformed trailer field"),
        ("0\r\nX: 1\r\r\n", "trailer line not ended by CRLF"),
        ("0\r\nX: \u{1}\r\n\r\n", "control character in a trailer field"),
    ]

    @Test(arguments: 0..<invalid.count)
    func invalidAtEverySplit(index: Int) {
        let (text, reason) = Self.invalid[index]
        for split in 0...text.utf8.count {
            let (progress, _, _) = decodeChunked(text, split: split)
            #expect(progress == .failed(.badRequest(reason)), "split at \(split)")
        }
    }

    @Test func theLimitCountsEveryChunk() {
        #expect(decodeChunked("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", split: 0, limit: 10).0 == .tooLarge)
        #expect(decodeChunked("5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n", split: 0, limit: 10).0 == .done(consumed: 25))
        #expect(decodeChunked("FFFFFFFF\r\n", split: 0, limit: 10).0 == .tooLarge)
    }

    @Test func extensionsAndTrailersAreBounded() {
        let longExtension = "1;" + String(repeating: "e", count: 100) + "\r\na\r\n0\r\n\r\n"
        #expect(decodeChunked(longExtension, split: 0).0 == .failed(.badRequest("chunk extensions too long")))
        let longTrailer = "0\r\nX: " + String(repeating: "t", count: 100) + "\r\n\r\n"
        #expect(decodeChunked(longTrailer, split: 0).0 == .failed(HTTPParseError(.requestHeaderFieldsTooLarge, "trailer fields too long")))
    }
}
