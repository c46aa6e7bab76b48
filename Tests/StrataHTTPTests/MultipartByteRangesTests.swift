import Testing
import StrataHTTP

struct MultipartByteRangesTests {
    /// Writes the body the segments describe, copying ranges out of `representation`.
    static func serialize(_ body: MultipartByteRanges, representation: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        for segment in body.segments {
            switch segment {
            case .bytes(let literal): bytes += literal
            case .range(let range): bytes += representation[range]
            }
        }
        return bytes
    }

    static let digits = Array("0123456789".utf8)

    @Test func twoRangesSerializeExactly() {
        let body = MultipartByteRanges(ranges: [0...1, 5...7], length: 10, contentType: "text/plain",
                                       boundary: "THIS_STRING_SEPARATES")
        let expected = "--THIS_STRING_SEPARATES\r\n"
            + "Content-Type: text/plain\r\n"
            + "Content-Range: bytes 0-1/10\r\n"
            + "\r\n"
            + "01\r\n"
            + "--THIS_STRING_SEPARATES\r\n"
            + "Content-Type: text/plain\r\n"
            + "Content-Range: bytes 5-7/10\r\n"
            + "\r\n"
            + "567\r\n"
            + "--THIS_STRING_SEPARATES--\r\n"
        let serialized = Self.serialize(body, representation: Self.digits)
        #expect(String(decoding: serialized, as: UTF8.self) == expected)
        #expect(body.contentLength == serialized.count)
        #expect(body.contentLength == 200)
        #expect(body.contentType == "multipart/byteranges; boundary=THIS_STRING_SEPARATES")
    }

    @Test func segmentsAlternateLiteralsAndRanges() {
        let body = MultipartByteRanges(ranges: [500...999, 7000...7999], length: 8000,
                                       contentType: "application/pdf", boundary: "B")
        #expect(body.segments == [
            .bytes(Array("--B\r\nContent-Type: application/pdf\r\nContent-Range: bytes 500-999/8000\r\n\r\n".utf8)),
            .range(500...999),
            .bytes(Array("\r\n--B\r\nContent-Type: application/pdf\r\nContent-Range: bytes 7000-7999/8000\r\n\r\n".utf8)),
            .range(7000...7999),
            .bytes(Array("\r\n--B--\r\n".utf8)),
        ])
        let literal = body.segments.reduce(0) { total, segment in
            if case .bytes(let bytes) = segment { total + bytes.count } else { total }
        }
        #expect(body.contentLength == literal + 500 + 1000)
    }

    @Test func omitsContentTypeWhenUnknown() {
        let body = MultipartByteRanges(ranges: [0...0, 9...9], length: 10, contentType: nil, boundary: "xyz")
        let expected = "--xyz\r\nContent-Range: bytes 0-0/10\r\n\r\n0\r\n"
            + "--xyz\r\nContent-Range: bytes 9-9/10\r\n\r\n9\r\n"
            + "--xyz--\r\n"
        let serialized = Self.serialize(body, representation: Self.digits)
        #expect(String(decoding: serialized, as: UTF8.self) == expected)
        #expect(body.contentLength == serialized.count)
    }

    @Test func controlCharactersInThePartTypeAreDropped() {
        let body = MultipartByteRanges(ranges: [0...0], length: 10, contentType: "text/plain\r\nX-Evil: 1",
                                       boundary: "b")
        let serialized = String(decoding: Self.serialize(body, representation: Self.digits), as: UTF8.self)
        #expect(serialized == "--b\r\nContent-Type: text/plainX-Evil: 1\r\nContent-Range: bytes 0-0/10\r\n\r\n0\r\n--b--\r\n")
    }

    @Test func noRangesIsJustTheCloseDelimiter() {
        let body = MultipartByteRanges(ranges: [], length: 10, contentType: "text/plain", boundary: "b")
        #expect(body.segments == [.bytes(Array("--b--\r\n".utf8))])
        #expect(body.contentLength == 7)
    }

    @Test(arguments: [
        ("abc123", "multipart/byteranges; boundary=abc123"),
        ("a b", "multipart/byteranges; boundary=\"a b\""),
        ("a:b", "multipart/byteranges; boundary=\"a:b\""),
    ])
    func contentTypeQuotesNonTokenBoundaries(boundary: String, expected: String) {
        let body = MultipartByteRanges(ranges: [0...0], length: 1, contentType: nil, boundary: boundary)
        #expect(body.contentType == expected)
    }

    @Test func keepsItsInputs() {
        let body = MultipartByteRanges(ranges: [0...1, 3...4], length: 5, contentType: "a/b", boundary: "q")
        #expect(body.boundary == "q")
        #expect(body.ranges == [0...1, 3...4])
        #expect(body.length == 5)
        #expect(body.partContentType == "a/b")
    }

    @Test func madeBoundariesAreRandomAlphanumerics() {
        let alphanumerics = Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
        let boundaries = (0..<8).map { _ in MultipartByteRanges.makeBoundary() }
        for boundary in boundaries {
            #expect(boundary.utf8.count == 32)
            #expect(boundary.utf8.allSatisfy(alphanumerics.contains))
        }
        #expect(Set(boundaries).count == boundaries.count)
        // A random boundary is a token, so it is never quoted.
        let body = MultipartByteRanges(ranges: [0...0], length: 1, contentType: nil, boundary: boundaries[0])
        #expect(body.contentType == "multipart/byteranges; boundary=\(boundaries[0])")
    }
}
