import StrataHTTP
import Testing

@Suite("PercentEncoding")
struct PercentEncodingTests {
    @Test("lenient decoding follows WHATWG: bad escapes stay, bad UTF-8 becomes U+FFFD", arguments: [
        ("", ""),
        ("plain", "plain"),
        ("a%20b", "a b"),
        ("%41%42%43", "ABC"),
        ("%e6%97%a5%E6%9C%AC", "日本"),
        ("caf%C3%A9", "café"),
        ("%F0%9F%98%80", "😀"),
        ("100%", "100%"),
        ("%", "%"),
        ("%4", "%4"),
        ("%zz", "%zz"),
        ("%%41", "%A"),
        ("%4%41", "%4A"),
        ("a+b", "a+b"),
        ("%2B", "+"),
        ("%00", "\u{0}"),
        ("%FF", "\u{FFFD}"),
        ("%C3", "\u{FFFD}"),
        ("%C3%28", "\u{FFFD}("),
        ("%E6%97", "\u{FFFD}"),
        ("%ED%A0%80", "\u{FFFD}\u{FFFD}\u{FFFD}"),
        ("%EF%BB%BFbom", "\u{FEFF}bom"),
        ("日本%20語", "日本 語"),
    ])
    func decode(_ input: String, _ expected: String) {
        #expect(PercentEncoding.decode(input) == expected)
        #expect(PercentEncoding.decode(input[...]) == expected)
    }

    @Test("plusAsSpace turns + into a space before decoding, so %2B stays +", arguments: [
        ("a+b", "a b"), ("++", "  "), ("%2B+%2b", "+ +"), ("a%20+b", "a  b"), ("+%", " %"),
    ])
    func plusAsSpace(_ input: String, _ expected: String) {
        #expect(PercentEncoding.decode(input, plusAsSpace: true) == expected)
    }

    @Test("strict decoding returns nil for a malformed escape or invalid UTF-8", arguments: [
        "100%", "%", "%4", "%zz", "%%41", "%FF", "%C3", "%C3%28", "%ED%A0%80", "a%2",
    ])
    func decodeStrictRejects(_ input: String) {
        #expect(PercentEncoding.decodeStrict(input) == nil)
    }

    @Test("strict decoding of valid input", arguments: [
        ("", ""), ("plain", "plain"), ("a%20b", "a b"), ("caf%c3%a9", "café"), ("a+b", "a+b"), ("%2F", "/"), ("日本", "日本"),
    ])
    func decodeStrictAccepts(_ input: String, _ expected: String) {
        #expect(PercentEncoding.decodeStrict(input) == expected)
    }

    @Test("pathSegment keeps RFC 3986 pchar and encodes the rest", arguments: [
        ("abcXYZ019-._~", "abcXYZ019-._~"),
        ("!$&'()*+,;=:@", "!$&'()*+,;=:@"),
        ("a/b", "a%2Fb"),
        ("a b", "a%20b"),
        ("?#[]%", "%3F%23%5B%5D%25"),
        ("\"<>\\^`{|}", "%22%3C%3E%5C%5E%60%7B%7C%7D"),
        ("café", "caf%C3%A9"),
        ("😀", "%F0%9F%98%80"),
        ("\u{0}\u{7F}", "%00%7F"),
    ])
    func pathSegment(_ input: String, _ expected: String) {
        #expect(PercentEncoding.encode(input, allowing: .pathSegment) == expected)
        #expect(PercentEncoding.decodeStrict(expected) == input)
    }

    @Test("query keeps what a query value may hold, but encodes & = + # %", arguments: [
        ("abc-._~", "abc-._~"),
        ("/?:@!$'()*,;", "/?:@!$'()*,;"),
        ("a&b=c+d#e%f", "a%26b%3Dc%2Bd%23e%25f"),
        ("a b", "a%20b"),
        ("[x]", "%5Bx%5D"),
        ("é", "%C3%A9"),
    ])
    func query(_ input: String, _ expected: String) {
        #expect(PercentEncoding.encode(input, allowing: .query) == expected)
        #expect(PercentEncoding.decode(expected, plusAsSpace: true) == input)
    }

    @Test("formURLEncoded keeps only alphanumerics and *-._, space becomes +", arguments: [
        ("aZ09*-._", "aZ09*-._"),
        ("a b", "a+b"),
        ("~!'()", "%7E%21%27%28%29"),
        ("a+b", "a%2Bb"),
        ("x/y?z", "x%2Fy%3Fz"),
        ("日本", "%E6%97%A5%E6%9C%AC"),
    ])
    func formURLEncoded(_ input: String, _ expected: String) {
        #expect(PercentEncoding.encode(input, allowing: .formURLEncoded) == expected)
        #expect(PercentEncoding.decode(expected, plusAsSpace: true) == input)
    }

    @Test("custom sets never leave % unencoded")
    func customSet() {
        let set = PercentEncoding.AllowedCharacters(unreservedAnd: "/%é")
        #expect(PercentEncoding.encode("a/b%c é", allowing: set) == "a/b%25c%20%C3%A9")
        #expect(set.contains(UInt8(ascii: "/")))
        #expect(!set.contains(UInt8(ascii: "%")))
        #expect(!set.contains(0xC3))
        let plus = PercentEncoding.AllowedCharacters(alphanumericsAnd: "", spaceAsPlus: true)
        #expect(PercentEncoding.encode("a b-c", allowing: plus) == "a+b%2Dc")
    }

    @Test("encode then decode round-trips arbitrary text in every set")
    func roundTrip() {
        let samples = ["", "a", " ", "%", "+", "100% sure & done = yes?", "😀 café/日本#frag", "\u{0}\u{1F}\u{7F}", "[]{}|\\^`\"<>"]
        for sample in samples {
            for set in [PercentEncoding.AllowedCharacters.pathSegment, .query, .formURLEncoded] {
                let encoded = PercentEncoding.encode(sample, allowing: set)
                #expect(PercentEncoding.decodeStrict(encoded.replacingPlus(set.spaceAsPlus)) == sample)
            }
        }
    }
}

extension String {
    /// `+` back to `%20`, for sets that write a space as `+`.
    fileprivate func replacingPlus(_ enabled: Bool) -> String {
        enabled ? split(separator: "+", omittingEmptySubsequences: false).joined(separator: "%20") : self
    }
}
