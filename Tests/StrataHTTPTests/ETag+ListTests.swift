import Testing
import StrataHTTP

struct ETagListTests {
    @Test(arguments: ["*", " * ", "\t*"])
    func starIsAny(header: String) {
        #expect(ETagList.parse(header) == .any)
    }

    @Test(arguments: [
        ("\"a\"", [ETag("a")]),
        ("\"a\", W/\"b\"", [ETag("a"), ETag("b", weak: true)]),
        ("\"a\",W/\"b\"", [ETag("a"), ETag("b", weak: true)]),
        ("  \"a\" ,, , W/\"b\" \t,  ", [ETag("a"), ETag("b", weak: true)]),
        (", \"a\"", [ETag("a")]),
        ("\"a,b\", \"c\"", [ETag("a,b"), ETag("c")]),
        ("\"\", \"*\"", [ETag(""), ETag("*")]),
        ("\"xyzzy\", \"r2d2xxxx\", \"c3piozzzz\"", [ETag("xyzzy"), ETag("r2d2xxxx"), ETag("c3piozzzz")]),
    ])
    func parsesTagLists(header: String, expected: [ETag]) {
        #expect(ETagList.parse(header) == .tags(expected))
    }

    @Test(arguments: [
        "",                 // no entity-tag at all
        " , ,",
        "*, \"a\"",         // * is only valid alone
        "\"a\", *",
        "**",
        "\"a\", b",         // unquoted member
        "\"a\" \"b\"",      // missing comma
        "\"a\", w/\"b\"",   // lowercase weak prefix
        "\"a\", \"b",       // unterminated
        "\"a\"b\", \"c\"",  // embedded quote
        "\"a\u{01}\"",      // control character
    ])
    func rejectsMalformedLists(header: String) {
        #expect(ETagList.parse(header) == nil)
    }

    @Test func anyMatchesEverything() {
        #expect(ETagList.any.containsStrongMatch(for: ETag("x")))
        #expect(ETagList.any.containsStrongMatch(for: ETag("x", weak: true)))
        #expect(ETagList.any.containsWeakMatch(for: ETag("x", weak: true)))
    }

    @Test func listMatchingUsesTheRequestedComparison() throws {
        let list = try #require(ETagList.parse("\"a\", W/\"b\""))
        #expect(list.containsStrongMatch(for: ETag("a")))
        #expect(list.containsStrongMatch(for: ETag("a", weak: true)) == false)
        #expect(list.containsStrongMatch(for: ETag("b")) == false)
        #expect(list.containsWeakMatch(for: ETag("b")))
        #expect(list.containsWeakMatch(for: ETag("a", weak: true)))
        #expect(list.containsWeakMatch(for: ETag("c")) == false)
    }

    @Test func headerValue() {
        #expect(ETagList.any.headerValue == "*")
        #expect(ETagList.tags([ETag("a"), ETag("b", weak: true)]).headerValue == "\"a\", W/\"b\"")
    }
}
