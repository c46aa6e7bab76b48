import Testing
import StrataHTTP

struct ETagTests {
    @Test func headerValueBytes() {
        #expect(ETag("abc").headerValue == "\"abc\"")
        #expect(ETag("abc", weak: true).headerValue == "W/\"abc\"")
        #expect(ETag("").headerValue == "\"\"")
        #expect(Array(ETag("xyzzy", weak: true).headerValue.utf8) == Array(#"W/"xyzzy""#.utf8))
    }

    @Test func initializerDefaultsToStrong() {
        let tag = ETag("v1")
        #expect(tag.opaqueTag == "v1")
        #expect(tag.isWeak == false)
    }

    // MARK: validate()

    @Test(arguments: ["abc", "", "!", "#$%&'()*+,-./0123456789:;<=>?@[\\]^_`{|}~", "caf\u{E9}", "\u{7E}"])
    func validateAcceptsEntityTagCharacters(opaqueTag: String) {
        #expect(throws: Never.self) { try ETag(opaqueTag).validate() }
    }

    @Test(arguments: [
        ("a\"b", ETagError.invalidCharacter(byte: 0x22, offset: 1)),
        ("a b", .invalidCharacter(byte: 0x20, offset: 1)),
        ("\u{01}", .invalidCharacter(byte: 0x01, offset: 0)),
        ("ab\u{7F}", .invalidCharacter(byte: 0x7F, offset: 2)),
        ("abc\r\n", .invalidCharacter(byte: 0x0D, offset: 3)),
        ("\t", .invalidCharacter(byte: 0x09, offset: 0)),
    ])
    func validateRejects(opaqueTag: String, error: ETagError) {
        #expect(throws: error) { try ETag(opaqueTag, weak: true).validate() }
    }

    @Test func errorDescription() {
        #expect(ETagError.invalidCharacter(byte: 0x22, offset: 1).description
            == "ETag opaque-tag has invalid byte 0x22 (DQUOTE) at offset 1; RFC 9110 §8.8.3 allows only %x21 / %x23-7E / %x80-FF")
        #expect(ETagError.invalidCharacter(byte: 0x0A, offset: 0).description
            == "ETag opaque-tag has invalid byte 0x0A (control character) at offset 0; RFC 9110 §8.8.3 allows only %x21 / %x23-7E / %x80-FF")
    }

    // MARK: parse(_:)

    @Test(arguments: [
        ("\"abc\"", ETag("abc")),
        ("W/\"abc\"", ETag("abc", weak: true)),
        ("\"\"", ETag("")),
        ("W/\"\"", ETag("", weak: true)),
        (" \t\"xyzzy\" \t", ETag("xyzzy")),
        ("\"a,b\"", ETag("a,b")),
        ("\"caf\u{E9}\"", ETag("caf\u{E9}")),
        ("\"W/\"", ETag("W/")),
    ])
    func parseValid(header: String, expected: ETag) {
        #expect(ETag.parse(header) == expected)
    }

    @Test(arguments: [
        "abc",            // unquoted
        "\"a\"b\"",       // embedded quote
        "\"a\u{01}\"",    // control character
        "\"a b\"",        // space
        "w/\"abc\"",      // the weak prefix is case-sensitive
        "W/abc",          // weak but unquoted
        "W /\"abc\"",     // space inside the prefix
        "W/ \"abc\"",     // space after the prefix
        "\"abc",          // unterminated
        "abc\"",
        "\"a\" \"b\"",    // two tags
        "\"a\", \"b\"",   // a list, not one tag
        "",
        "*",
    ])
    func parseInvalid(header: String) {
        #expect(ETag.parse(header) == nil)
    }

    @Test(arguments: [ETag("abc"), ETag("abc", weak: true), ETag(""), ETag("a,b", weak: true)])
    func headerValueRoundTrips(tag: ETag) {
        #expect(ETag.parse(tag.headerValue) == tag)
    }

    // MARK: comparison

    /// RFC 9110 §8.8.3.2, the table verbatim: (ETag 1, ETag 2, strong, weak).
    @Test(arguments: [
        ("W/\"1\"", "W/\"1\"", false, true),
        ("W/\"1\"", "W/\"2\"", false, false),
        ("W/\"1\"", "\"1\"", false, true),
        ("\"1\"", "\"1\"", true, true),
    ])
    func rfc9110ComparisonTable(first: String, second: String, strong: Bool, weak: Bool) throws {
        let lhs = try #require(ETag.parse(first))
        let rhs = try #require(ETag.parse(second))
        #expect(lhs.matchesStrongly(rhs) == strong)
        #expect(rhs.matchesStrongly(lhs) == strong)
        #expect(lhs.matchesWeakly(rhs) == weak)
        #expect(rhs.matchesWeakly(lhs) == weak)
    }

    @Test func strongComparisonNeedsBothStrong() {
        #expect(ETag("1").matchesStrongly(ETag("1", weak: true)) == false)
        #expect(ETag("1").matchesStrongly(ETag("2")) == false)
    }

    @Test func comparisonIsOctetByOctet() {
        // "é" precomposed and decomposed are equal Swift Strings but different octets.
        let composed = ETag("caf\u{E9}")
        let decomposed = ETag("cafe\u{301}")
        #expect(composed.matchesWeakly(decomposed) == false)
        #expect(composed.matchesStrongly(decomposed) == false)
        #expect(composed != decomposed)
        #expect(composed.matchesStrongly(ETag("caf\u{E9}")))
    }

    @Test func equalityIncludesWeakness() {
        #expect(ETag("a") == ETag("a"))
        #expect(ETag("a") != ETag("a", weak: true))
        #expect(Set([ETag("a"), ETag("a"), ETag("a", weak: true)]).count == 2)
    }
}
