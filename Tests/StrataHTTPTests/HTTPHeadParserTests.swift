@testable import StrataHTTP
import Testing

/// Parses `text` in two pieces split at `split`, the way bytes arrive on a socket.
func parseHead(_ text: String, split: Int? = nil, limits: (line: Int, headers: Int, count: Int) = (8192, 16384, 100)) -> HTTPHeadParser.Result {
    var parser = HTTPHeadParser(maxRequestLineLength: limits.line, maxHeaderBytes: limits.headers, maxHeaderCount: limits.count)
    let bytes = Array(text.utf8)
    if let split, split < bytes.count {
        let first = bytes.withUnsafeBufferPointer { UnsafeBufferPointer(rebasing: $0[..<split]) }
        let early = parser.parse(first)
        // A prefix may fail early only if the whole does too.
        if case .failed = early { return early }
        if case .complete = early { return early }
    }
    return bytes.withUnsafeBufferPointer { parser.parse($0) }
}

@Suite("HTTP/1.1 request heads")
struct HTTPHeadParserTests {
    static let valid: [(String, HTTPRequestHead)] = [
        ("GET / HTTP/1.1\r\nHost: a\r\n\r\n",
         HTTPRequestHead(method: .get, target: "/", version: .http1_1, headers: ["Host": "a"], framing: .none, keepAlive: true, expectsContinue: false)),
        ("GET /p?q=1 HTTP/1.0\r\n\r\n",
         HTTPRequestHead(method: .get, target: "/p?q=1", version: .http1_0, headers: [:], framing: .none, keepAlive: false, expectsContinue: false)),
        ("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
         HTTPRequestHead(method: .get, target: "/", version: .http1_0, headers: ["Connection": "keep-alive"], framing: .none, keepAlive: true, expectsContinue: false)),
        ("POST /u HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nConnection: close\r\n\r\n",
         HTTPRequestHead(method: .post, target: "/u", version: .http1_1, headers: ["Host": "a", "Content-Length": "5", "Connection": "close"], framing: .length(5), keepAlive: false, expectsContinue: false)),
        ("POST /u HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n",
         HTTPRequestHead(method: .post, target: "/u", version: .http1_1, headers: ["Host": "a", "Transfer-Encoding": "chunked", "Expect": "100-continue"], framing: .chunked, keepAlive: true, expectsContinue: true)),
        // Leading blank lines are skipped (RFC 9112 §2.2); bare LF ends lines too.
        ("\r\n\nGET /x HTTP/1.1\nHost: a\n\n",
         HTTPRequestHead(method: .get, target: "/x", version: .http1_1, headers: ["Host": "a"], framing: .none, keepAlive: true, expectsContinue: false)),
        // Absolute form: the authority replaces Host (RFC 9112 §3.2.2).
        ("GET http://example.com:8080/a?b HTTP/1.1\r\nHost: other\r\n\r\n",
         HTTPRequestHead(method: .get, target: "/a?b", version: .http1_1, headers: ["Host": "example.com:8080"], framing: .none, keepAlive: true, expectsContinue: false)),
        ("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
         HTTPRequestHead(method: .options, target: "*", version: .http1_1, headers: ["Host": "a"], framing: .none, keepAlive: true, expectsContinue: false)),
        // Runs of spaces separate the parts, as nginx reads them (RFC 9112 §3 allows it).
        ("PUT  /x  HTTP/1.1 \r\nHost: a\r\nContent-Length: 3\r\n\r\n",
         HTTPRequestHead(method: .put, target: "/x", version: .http1_1, headers: ["Host": "a", "Content-Length": "3"], framing: .length(3), keepAlive: true, expectsContinue: false)),
        // Lines nginx ignores: a name a token cannot hold. Unknown expectations too.
        ("GET / HTTP/1.1\r\nHost: a\r\nX@Y: 1\r\nX\u{E9}: 2\r\nExpect: fancy\r\n\r\n",
         HTTPRequestHead(method: .get, target: "/", version: .http1_1, headers: ["Host": "a", "Expect": "fancy"], framing: .none, keepAlive: true, expectsContinue: false)),
        // OWS around values is trimmed; a higher 1.x minor version is read as 1.1.
        ("PURGE /c HTTP/1.9\r\nHost:  a \t\r\nX-Empty:\r\n\r\n",
         HTTPRequestHead(method: "PURGE", target: "/c", version: .http1_1, headers: ["Host": "a", "X-Empty": ""], framing: .none, keepAlive: true, expectsContinue: false)),
    ]

    @Test(arguments: 0..<valid.count)
    func validAtEverySplit(index: Int) {
        let (text, expected) = Self.valid[index]
        for split in 0...text.utf8.count {
            let result = parseHead(text, split: split)
            #expect(result == .complete(expected, length: text.utf8.count), "split at \(split)")
        }
    }

    static let invalid: [(String, Int, String)] = [
        ("GET / HTTP/1.1\r\n\r\n", 400, "HTTP/1.1 request without Host"),
        ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, "more than one Host field"),
        ("GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400, "invalid Host"),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400, "both Transfer-Encoding and Content-Length"),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", 400, "more than one Content-Length"),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n", 400, "more than one Content-Length"),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\n\r\n", 400, "invalid Content-Length"),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1 2\r\n\r\n", 400, "invalid Content-Length"),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400, "invalid Content-Length"),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +1\r\n\r\n", 400, "invalid Content-Length"),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x10\r\n\r\n", 400, "invalid Content-Length"),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n", 400, "invalid Content-Length"),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", 501, "unsupported transfer coding"),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 501, "unsupported transfer coding"),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\n\r\n", 501, "unsupported transfer coding"),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 400, "more than one Transfer-Encoding field"),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501, "unsupported transfer coding"),
        ("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400, "Transfer-Encoding in an HTTP/1.0 request"),
        ("GET / HTTP/1.1\r\nHost: a\r\nX-Fold: a\r\n b\r\n\r\n", 400, "obsolete line folding"),
        ("GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400, "whitespace between a field name and its colon"),
        ("GET / HTTP/1.1\r\nHost: a\r\nX-Bad\t: 1\r\n\r\n", 400, "whitespace between a field name and its colon"),
        ("GET / HTTP/1.1\r\nHost: a\r\nNo colon\r\n\r\n", 400, "whitespace between a field name and its colon"),
        // RFC 9112 §5: a line without a colon is no field line (issue 13; nginx ignores it).
        ("GET / HTTP/1.1\r\nX-Valid: 1\r\nThisLineHasNoColon\r\nHost: a\r\n\r\n", 400, "field line without a colon"),
        ("GET / HTTP/1.1\r\nHost: a\r\nX@NoColon\r\n\r\n", 400, "field line without a colon"),
        ("GET / HTTP/1.1\r\nHost: a\r\nX\u{1}Y: 1\r\n\r\n", 400, "control character in a field line"),
        ("GET / HTTP/1.1\r\nHost:\r\n\r\n", 400, "invalid Host"),
        ("GET http://x.test/ HTTP/1.1\r\n\r\n", 400, "HTTP/1.1 request without Host"),
        ("get / HTTP/1.1\r\nHost: a\r\n\r\n", 400, "malformed method in the request line"),
        ("GET1 / HTTP/1.1\r\nHost: a\r\n\r\n", 400, "malformed method in the request line"),
        ("GET\t/\tHTTP/1.1\r\nHost: a\r\n\r\n", 400, "malformed method in the request line"),
        ("GET / HTTP/1.1\r\nHost: a\r\n: empty\r\n\r\n", 400, "empty field name"),
        ("GET / HTTP/1.1\r\nHost: a\r\nX-Nul: a\0b\r\n\r\n", 400, "control character in the value of X-Nul"),
        ("GET / HTTP/1.1\r\nHost: a\r\nX-CR: a\rb\r\n\r\n", 400, "control character in the value of X-CR"),
        ("GET / HTTP/1.1 x\r\nHost: a\r\n\r\n", 400, "malformed HTTP version"),
        ("GET / http/1.1\r\nHost: a\r\n\r\n", 400, "malformed HTTP version"),
        ("GET / HTTP/1.10\r\nHost: a\r\n\r\n", 400, "malformed HTTP version"),
        ("GET /\r\n\r\n", 400, "request line without a target and version"),
        ("G(T / HTTP/1.1\r\nHost: a\r\n\r\n", 400, "malformed method in the request line"),
        ("GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505, "HTTP/2.0 is not supported"),
        ("GET / HTTP/0.9\r\nHost: a\r\n\r\n", 400, "malformed HTTP version"),
        ("GET /a\u{7F}b HTTP/1.1\r\nHost: a\r\n\r\n", 400, "request-target contains a control character"),
        ("GET * HTTP/1.1\r\nHost: a\r\n\r\n", 400, "asterisk-form target with GET"),
        ("GET example.com HTTP/1.1\r\nHost: a\r\n\r\n", 400, "request-target is not in origin, absolute or asterisk form"),
        ("GET http://user@evil/ HTTP/1.1\r\nHost: a\r\n\r\n", 400, "invalid authority in an absolute-form target"),
    ]

    @Test(arguments: 0..<invalid.count)
    func invalidAtEverySplit(index: Int) {
        let (text, status, reason) = Self.invalid[index]
        for split in 0...text.utf8.count {
            #expect(parseHead(text, split: split) == .failed(HTTPParseError(HTTPStatus(code: status), reason)), "split at \(split)")
        }
    }

    @Test func incompleteHeadsWaitForMore() {
        for text in ["", "\r\n", "GET", "GET / HTTP/1.1", "GET / HTTP/1.1\r\n", "GET / HTTP/1.1\r\nHost: a\r\n", "GET / HTTP/1.1\r\nHost: a\r\n\r"] {
            #expect(parseHead(text) == .incomplete, "\(text.debugDescription)")
        }
    }

    @Test func requestLineLimitIs414() {
        let long = "GET /" + String(repeating: "a", count: 100) + " HTTP/1.1\r\nHost: a\r\n\r\n"
        #expect(parseHead(long, limits: (50, 1000, 10)) == .failed(HTTPParseError(.uriTooLong, "request line longer than 50 bytes")))
        // Without the end of the line yet: refused as soon as the limit is passed.
        #expect(parseHead(String(long.prefix(60)), limits: (50, 1000, 10)) == .failed(HTTPParseError(.uriTooLong, "request line longer than 50 bytes")))
        #expect(parseHead(String(long.prefix(45)), limits: (50, 1000, 10)) == .incomplete)
    }

    @Test func headerBytesLimitIs431() {
        let big = "GET / HTTP/1.1\r\nHost: a\r\nX: " + String(repeating: "b", count: 200) + "\r\n\r\n"
        #expect(parseHead(big, limits: (100, 100, 10)) == .failed(HTTPParseError(.requestHeaderFieldsTooLarge, "header fields longer than 100 bytes")))
        #expect(parseHead(String(big.prefix(150)), limits: (100, 100, 10)) == .failed(HTTPParseError(.requestHeaderFieldsTooLarge, "header fields longer than 100 bytes")))
    }

    @Test func headerCountLimitIs431() {
        let many = "GET / HTTP/1.1\r\nHost: a\r\n" + (1...5).map { "X-\($0): 1\r\n" }.joined() + "\r\n"
        #expect(parseHead(many, limits: (100, 1000, 6)) != .failed(HTTPParseError(.requestHeaderFieldsTooLarge, "more than 5 header fields")))
        #expect(parseHead(many, limits: (100, 1000, 5)) == .failed(HTTPParseError(.requestHeaderFieldsTooLarge, "more than 5 header fields")))
        if case .complete = parseHead(many, limits: (100, 1000, 6)) {} else { Issue.record("6 fields fit a limit of 6") }
    }

    @Test func oneLongFieldLineIs431() {
        var parser = HTTPHeadParser(maxRequestLineLength: 100, maxFieldLineLength: 50, maxHeaderBytes: 1000, maxHeaderCount: 10)
        let text = "GET / HTTP/1.1\r\nHost: a\r\nX: " + String(repeating: "b", count: 60) + "\r\n\r\n"
        let result = Array(text.utf8).withUnsafeBufferPointer { parser.parse($0) }
        #expect(result == .failed(HTTPParseError(.requestHeaderFieldsTooLarge, "a header field longer than 50 bytes")))
    }

    @Test func aFloodOfBlankLinesIsRefused() {
        #expect(parseHead(String(repeating: "\r\n", count: 100), limits: (50, 100, 10)) == .failed(.badRequest("blank lines instead of a request")))
    }

    @Test func pipelinedRequestsAreReadOneAtATime() {
        let text = "GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n"
        guard case .complete(let first, let length) = parseHead(text) else {
            Issue.record("no first head")
            return
        }
        #expect(first.target == "/a")
        #expect(length == 28)
        guard case .complete(let second, _) = parseHead(String(decoding: Array(text.utf8).dropFirst(length), as: UTF8.self)) else {
            Issue.record("no second head")
            return
        }
        #expect(second.target == "/b")
    }
}
