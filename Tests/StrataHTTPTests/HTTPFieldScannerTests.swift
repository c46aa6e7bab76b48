import Testing
@testable import StrataHTTP

struct HTTPFieldScannerTests {
    @Test(arguments: [
        (#""abc""#, "abc"),
        (#""""#, ""),
        (#""a\"b\\c""#, #"a"b\c"#),
        ("\"tab\there\"", "tab\there"),
        (#""\é""#, "é"),
    ])
    func readsQuotedStrings(input: String, expected: String) {
        var scanner = HTTPFieldScanner(input)
        #expect(scanner.readQuotedString() == expected)
        #expect(scanner.isAtEnd)
    }

    @Test(arguments: ["abc", "\"abc", "\"a\u{00}b\"", "\"a\\\u{01}\"", "\"a\\"])
    func rejectsMalformedQuotedStrings(input: String) {
        var scanner = HTTPFieldScanner(input)
        #expect(scanner.readQuotedString() == nil)
        #expect(scanner.index == 0)
    }

    @Test func skipToNextElementIgnoresQuotedCommas() {
        var scanner = HTTPFieldScanner(#"x"a,\",b", next"#)
        scanner.skipToNextElement()
        #expect(scanner.current == UInt8(ascii: ","))
        #expect(scanner.index == 9)
    }

    @Test func quoting() {
        #expect(HTTPQuotedString.quote(#"a"b\c"#) == #""a\"b\\c""#)
        #expect(HTTPQuotedString.quote("x\r\ny\u{7F}\tz") == "\"xy\tz\"")
        #expect(HTTPQuotedString.tokenOrQuoted("utf-8") == "utf-8")
        #expect(HTTPQuotedString.tokenOrQuoted("a b") == "\"a b\"")
        #expect(HTTPQuotedString.tokenOrQuoted("") == "\"\"")
    }
}
