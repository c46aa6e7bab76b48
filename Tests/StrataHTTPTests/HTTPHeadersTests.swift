@testable import StrataHTTP
import Testing

@Suite("HTTPHeaders")
struct HTTPHeadersTests {
    @Test func keepsOrderAndDuplicates() {
        var headers: HTTPHeaders = ["B": "1", "a": "2"]
        headers.add("b", "3")
        #expect(headers.fields.map(\.name) == ["B", "a", "b"])
        #expect(headers.values(for: "B") == ["1", "3"])
        #expect(headers["A"] == "2")
        #expect(headers.description == "B: 1\na: 2\nb: 3")
    }

    @Test func countsFieldsByNameIgnoringCase() {
        var headers: HTTPHeaders = ["Host": "a", "X": "1"]
        headers.reserveCapacity(10)
        headers.add("host", "b")
        #expect(headers.count(of: "HOST") == 2)
        #expect(headers.count(of: "Y") == 0)
        #expect(headers.values(for: "y") == [])
        #expect(headers.fields.map(\.value) == ["a", "1", "b"])
    }

    @Test(arguments: [("Host", true), ("host", true), ("HOST", true), ("Hos", false), ("Hosts", false), ("Hosu", false),
                      ("X-Long-Field-Name-Past-Fifteen", true), ("x-long-field-name-past-fifteen", true), ("X-Long-Field-Name-Past-Fiftee", false),
                      ("X-Long-Field-Name-Past-Fifteem", false)])
    func containsByNameIgnoringCase(name: String, found: Bool) {
        // A name of up to 15 bytes is a small string, whose bytes are read from a copy; a
        // longer one is read in place: both ways.
        let headers: HTTPHeaders = ["Accept": "*/*", "Host": "a", "X-Long-Field-Name-Past-Fifteen": "1"]
        #expect(headers.contains(name) == found)
        #expect(HTTPHeaders.namesEqual(name, name.uppercased()))
    }

    @Test func setReplacesAllAtTheFirstPosition() {
        var headers: HTTPHeaders = ["X": "1", "Y": "2", "x": "3"]
        headers["x"] = "new"
        #expect(headers.fields == [.init(name: "x", value: "new"), .init(name: "Y", value: "2")])
        headers["X"] = nil
        #expect(headers.fields == [.init(name: "Y", value: "2")])
    }

    @Test func equalityIgnoresNameCase() {
        #expect((["Content-Type": "a"] as HTTPHeaders) == (["content-type": "a"] as HTTPHeaders))
        #expect((["A": "1", "B": "2"] as HTTPHeaders) != (["B": "2", "A": "1"] as HTTPHeaders))
        #expect(Set([(["A": "x"] as HTTPHeaders), (["a": "x"] as HTTPHeaders)]).count == 1)
    }

    @Test(arguments: ["X-Fine", "!#$%&'*+-.^_`|~09azAZ"])
    func validNames(name: String) throws {
        try HTTPHeaders([(name, "v")]).validate()
    }

    @Test(arguments: [("", nil), ("Bad Name", 0x20), ("Colon:", 0x3A), ("Ünï", 0xC3), ("New\nLine", 0x0A)] as [(String, UInt8?)])
    func invalidNames(name: String, byte: UInt8?) {
        #expect(throws: HTTPHeaderError(name: name, reason: .invalidName, offendingByte: byte)) {
            try HTTPHeaders([(name, "v")]).validate()
        }
    }

    @Test(arguments: [("a\rb", 0x0D), ("a\nb", 0x0A), ("a\0b", 0x00), ("bell\u{7}", 0x07), ("del\u{7F}", 0x7F)] as [(String, UInt8)])
    func invalidValues(value: String, byte: UInt8) {
        #expect(throws: HTTPHeaderError(name: "X", reason: .invalidValue, offendingByte: byte)) {
            try HTTPHeaders([("X", value)]).validate()
        }
    }

    @Test func tabsAndNonASCIIValuesAreFine() throws {
        try HTTPHeaders([("X", "a\tb"), ("Y", "héllo")]).validate()
    }

    @Test func errorMessagesNameTheField() {
        let error = HTTPHeaderError(name: "X-Bad\r", reason: .invalidName, offendingByte: 0x0D)
        #expect(error.description == #"header name "X-Bad\u{d}" is not an RFC 9110 token (byte 0xD)"#)
    }

    @Test func encodedFieldsBytes() throws {
        let fields = try EncodedHeaderFields(["A": "1", "B-c": "x y"])
        #expect(fields.bytes == Array("A: 1\r\nB-c: x y\r\n".utf8))
        #expect(throws: HTTPHeaderError.self) { try EncodedHeaderFields(["A": "1\r\nB: 2"]) }
    }
}

@Suite("HTTPStatus and HTTPMethod")
struct HTTPStatusTests {
    @Test(arguments: [(200, "OK"), (201, "Created"), (204, "No Content"), (304, "Not Modified"), (404, "Not Found"),
                      (413, "Content Too Large"), (418, "I'm a teapot"), (422, "Unprocessable Content"), (500, "Internal Server Error"),
                      (599, "Unknown")])
    func reasonPhrases(code: Int, phrase: String) {
        #expect(HTTPStatus(code: code).reasonPhrase == phrase)
        #expect(HTTPStatus(code: code).description == "\(code) \(phrase)")
    }

    @Test func literalsAndEquality() {
        let teapot: HTTPStatus = 418
        #expect(teapot == .imATeapot)
        #expect(HTTPStatus(code: 200, reasonPhrase: "Fine") == .ok)
    }

    @Test func contentRules() {
        #expect(!HTTPStatus.noContent.allowsContent)
        #expect(!HTTPStatus.notModified.allowsContent)
        #expect(!HTTPStatus.continue.allowsContent)
        #expect(HTTPStatus.ok.allowsContent)
    }

    @Test func reasonPhraseCannotBreakTheLine() {
        #expect(HTTPStatus(code: 200, reasonPhrase: "O\r\nK").reasonPhrase == "OK")
    }

    @Test func methodsAreTokens() {
        #expect(HTTPMethod(rawValue: "PURGE")?.rawValue == "PURGE")
        #expect(HTTPMethod(rawValue: "GE T") == nil)
        #expect(HTTPMethod(rawValue: "") == nil)
        #expect(HTTPMethod.canonicallySorted([.delete, HTTPMethod(rawValue: "A")!, .get, .options]).map(\.rawValue) == ["GET", "DELETE", "OPTIONS", "A"])
    }
}

@Suite("HTTPResponseSerializer")
struct HTTPResponseSerializerTests {
    @Test func exactBytes() throws {
        var bytes: [UInt8] = []
        let encoded = try EncodedHeaderFields(["X-Layer": "1"])
        let response = HTTPResponse(status: .ok, headers: ["Content-Type": "text/plain"], encodedFields: encoded, body: .bytes(Array("hi".utf8)))
        try HTTPResponseSerializer.serialize(response, date: "Sun, 06 Nov 1994 08:49:37 GMT", into: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) ==
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Type: text/plain\r\nX-Layer: 1\r\n\r\nhi")
    }

    @Test func noContentLengthOrBodyFor204And304() throws {
        for status in [HTTPStatus.noContent, .notModified] {
            var bytes: [UInt8] = []
            try HTTPResponseSerializer.serialize(HTTPResponse(status: status, body: .bytes([1, 2])), date: nil, into: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == "HTTP/1.1 \(status)\r\n\r\n")
        }
    }

    @Test func headKeepsTheLengthDropsTheBody() throws {
        var bytes: [UInt8] = []
        var response = HTTPResponse(status: .ok, body: .omitted(.length(5)))
        try HTTPResponseSerializer.serialize(response, date: nil, into: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n")
        bytes = []
        response.body = .omitted(.chunked)
        try HTTPResponseSerializer.serialize(response, date: nil, into: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        bytes = []
        response.body = .omitted(.unannounced)
        try HTTPResponseSerializer.serialize(response, date: nil, into: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "HTTP/1.1 200 OK\r\n\r\n")
    }

    @Test func injectionWritesNothing() {
        var bytes: [UInt8] = Array("before".utf8)
        #expect(throws: HTTPHeaderError.self) {
            try HTTPResponseSerializer.serialize(HTTPResponse(status: .ok, headers: ["X": "a\r\nEvil: 1"]), date: nil, into: &bytes)
        }
        #expect(bytes == Array("before".utf8))
    }

    /// The head is written in one pass into room counted beforehand: every kind of piece —
    /// a custom and a non-ASCII reason phrase, short (inline) and long strings, obs-text, the
    /// date, the transport's fields, encoded fields and content — lands where a plain
    /// concatenation puts it, with nothing left over.
    @Test func onePassHeadEqualsConcatenation() throws {
        let long = String(repeating: "v", count: 300)
        let fields: [(String, String)] = [("X-Short", "1"), ("X-Long", long), ("X-Obs", "caf\u{E9}"), ("X-Tab", "a\tb"), ("X-Empty", "")]
        let encoded = try EncodedHeaderFields(["X-Layer": "1"])
        let content = Array("{\"message\":\"Hello\"}".utf8)
        for status in [HTTPStatus.ok, HTTPStatus(code: 299, reasonPhrase: "Fine \u{2713}")] {
            var bytes: [UInt8] = Array("kept".utf8)
            let response = HTTPResponse(status: status, headers: HTTPHeaders(fields), encodedFields: encoded, body: .bytes(content))
            try HTTPResponseSerializer.serialize(response, date: "Sun, 06 Nov 1994 08:49:37 GMT", extraFields: Array("Connection: close\r\n".utf8), into: &bytes)
            let expected = "keptHTTP/1.1 \(status.code) \(status.reasonPhrase)\r\nContent-Length: \(content.count)\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
                + "Connection: close\r\n" + fields.map { "\($0.0): \($0.1)\r\n" }.joined() + "X-Layer: 1\r\n\r\n" + String(decoding: content, as: UTF8.self)
            #expect(bytes == Array(expected.utf8))
        }
    }

    /// A bad field anywhere — after good ones, with content to follow — throws the error
    /// ``HTTPHeaders/validate()`` names, and leaves the buffer as it was.
    @Test(arguments: [("", "1"), ("X Bad", "1"), ("X-Nul\u{0}", "1"), ("X-Value", "a\rb"), ("X-Value", "a\u{7F}"), ("X-Value", "a\u{0}")])
    func badFieldLeavesBufferAsItWas(name: String, value: String) throws {
        let headers = HTTPHeaders([("X-Good", "1"), ("X-Long", String(repeating: "v", count: 100)), (name, value)])
        var bytes: [UInt8] = Array("before".utf8)
        let thrown = #expect(throws: HTTPHeaderError.self) {
            try HTTPResponseSerializer.serialize(HTTPResponse(status: .ok, headers: headers, body: .bytes(Array(repeating: 65, count: 64))), date: nil, into: &bytes)
        }
        #expect(bytes == Array("before".utf8))
        let expected = try #require(thrown)
        #expect(throws: expected) { try headers.validate() }
    }

    /// Fields a responder marked as checked are copied as they are; any change to them clears
    /// the mark, so a field added afterwards is checked again.
    @Test func aChangeClearsTheCheckedMark() throws {
        var response = HTTPResponse(status: .ok, headers: ["X-A": "1"])
        response.headersChecked = true
        var bytes: [UInt8] = []
        try HTTPResponseSerializer.serialize(response, date: nil, into: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-A: 1\r\n\r\n")
        response.headers.add("X-B", "a\r\nInjected: 1")
        #expect(!response.headersChecked)
        bytes = []
        #expect(throws: HTTPHeaderError.self) { try HTTPResponseSerializer.serialize(response, date: nil, into: &bytes) }
        #expect(bytes.isEmpty)
        response.headersChecked = true
        response.headers = ["X-C": "a\nb"]
        #expect(!response.headersChecked)
    }

    @Test(arguments: [0, 7, 10, 99, 1234567890, Int.max])
    func decimalLengths(value: Int) throws {
        var bytes: [UInt8] = []
        try HTTPResponseSerializer.serialize(HTTPResponse(status: .ok, body: .omitted(.length(value))), date: nil, into: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "HTTP/1.1 200 OK\r\nContent-Length: \(value)\r\n\r\n")
        #expect(ByteWriter.decimalDigits(value) == String(value).count)
    }
}
