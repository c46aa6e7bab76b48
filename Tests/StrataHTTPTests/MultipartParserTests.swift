@testable import StrataHTTP
import Testing

/// The streaming multipart parser: the same events however the content is cut, bounded
/// memory, and a clear error for each way the content can be wrong.
@Suite("Multipart parser")
struct MultipartParserTests {
    static let form = Array(("preamble to ignore\r\n--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nDune\r\n"
        + "--XyZ  \t\r\nContent-Disposition: form-data; name=\"cover\"; filename=\"dune.txt\"\r\nContent-Type: text/plain\r\n\r\n"
        + "line one\r\n--XyQ is not the boundary\r\n--X\r\n\r\n"
        + "--XyZ\r\n\r\nno headers at all\r\n--XyZ--\r\nepilogue to ignore").utf8)

    /// Parses `content` cut into chunks of `size`, merging consecutive data events.
    static func events(_ content: [UInt8], boundary: String = "XyZ", chunk size: Int, maxParts: Int = 10, maxHeaderBytes: Int = 1024) throws -> [MultipartParser.Event] {
        var parser = try MultipartParser(boundary: boundary, maxParts: maxParts, maxHeaderBytes: maxHeaderBytes)
        var events: [MultipartParser.Event] = []
        var start = 0
        while start < content.count {
            try parser.feed(Array(content[start..<min(start + size, content.count)])) { event in
                if case .partData(let more) = event, case .partData(let earlier)? = events.last {
                    events[events.count - 1] = .partData(earlier + more)
                } else {
                    events.append(event)
                }
            }
            start += size
        }
        try parser.finish()
        return events
    }

    @Test func partsHeadersAndContentHoweverTheContentIsCut() throws {
        let whole = try Self.events(Self.form, chunk: Self.form.count)
        #expect(whole == [
            .partBegin(["Content-Disposition": "form-data; name=\"title\""]), .partData(Array("Dune".utf8)), .partEnd,
            .partBegin(["Content-Disposition": "form-data; name=\"cover\"; filename=\"dune.txt\"", "Content-Type": "text/plain"]),
            .partData(Array("line one\r\n--XyQ is not the boundary\r\n--X\r\n".utf8)), .partEnd,
            .partBegin([:]), .partData(Array("no headers at all".utf8)), .partEnd,
        ])
        for size in 1...40 {
            #expect(try Self.events(Self.form, chunk: size) == whole, "chunks of \(size)")
        }
    }

    /// A header block just under the limit is accepted wherever a chunk cuts its blank line
    /// (found by the fuzzer: a cut after `\r\n\r` was taken for an overlong block).
    @Test func aHeaderBlockAtTheLimitDoesNotDependOnTheCuts() throws {
        let content = Array(("--b\r\nA: " + String(repeating: "v", count: 61) + "\r\n\r\nx\r\n--b--").utf8)
        let whole = try Self.events(content, boundary: "b", chunk: content.count, maxHeaderBytes: 64)
        #expect(whole.count == 3)
        for size in 1...content.count {
            #expect(try Self.events(content, boundary: "b", chunk: size, maxHeaderBytes: 64) == whole, "chunks of \(size)")
        }
    }

    /// A content of any size is held back by one boundary at most.
    @Test func anEndlessPartKeepsMemoryBounded() throws {
        var parser = try MultipartParser(boundary: "b", maxParts: 10, maxHeaderBytes: 1024)
        var received = 0
        try parser.feed(Array("--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\n".utf8)) { _ in }
        let chunk = [UInt8](repeating: 0x0D, count: 65_536)   // CRs: each could start a boundary
        for _ in 0..<64 {   // 4 MB
            try parser.feed(chunk) { if case .partData(let bytes) = $0 { received += bytes.count } }
            #expect(parser.bufferedBytes < 8)
        }
        #expect(received > 4_000_000)
        #expect(throws: MultipartError(.badRequest, "the multipart content ended before its closing boundary")) { try parser.finish() }
    }

    @Test func aMillionTinyPartsStopAtTheLimit() throws {
        let tiny = Array("--b\r\n\r\nx\r\n".utf8)
        var parser = try MultipartParser(boundary: "b", maxParts: 1000, maxHeaderBytes: 1024)
        var parts = 0
        let error = #expect(throws: MultipartError.self) {
            for _ in 0..<1_000_000 {
                try parser.feed(tiny) { if case .partBegin = $0 { parts += 1 } }
            }
        }
        #expect(error?.status == .contentTooLarge && parts == 1000)
    }

    @Test func malformedContentIsRefusedWithAReason() throws {
        func failure(_ text: String, boundary: String = "b", maxHeaderBytes: Int = 64) -> MultipartError? {
            do {
                _ = try Self.events(Array(text.utf8), boundary: boundary, chunk: 7, maxHeaderBytes: maxHeaderBytes)
                return nil
            } catch {
                return error as? MultipartError
            }
        }
        #expect(failure("no boundary anywhere")?.message == "the multipart content has no boundary line")
        #expect(failure("--b\r\n\r\nnever closed")?.message == "the multipart content ended before its closing boundary")
        #expect(failure("--b\r\n\r\nx\r\n--b")?.message == "the multipart content ended before its closing boundary")
        #expect(failure("--bx\r\n\r\n")?.message == "a multipart boundary is followed by something other than a line end")
        #expect(failure("--b\r\nno colon here\r\n\r\nx\r\n--b--")?.message == "a part has a header line that is not \"name: value\"")
        #expect(failure("--b\r\nA: \u{1}\r\n\r\nx\r\n--b--")?.message == "a part's A field has a control character")
        #expect(failure("--b\r\nA: " + String(repeating: "v", count: 100) + "\r\n\r\nx\r\n--b--")?.message == "a part's header fields are longer than 64 bytes")
        #expect(failure("--b\r\nA: " + String(repeating: "v", count: 100))?.message == "a part's header fields are longer than 64 bytes")
        for boundary in ["", String(repeating: "a", count: 71), "a\"b", "ends in space "] {
            #expect(failure("--x--", boundary: boundary)?.status == .badRequest, "\(boundary)")
        }
    }
}
