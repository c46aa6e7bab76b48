import StrataHTTP
import Testing

@Suite("URLEncodedForm")
struct URLEncodedFormTests {
    @Test("WHATWG parsing", arguments: [
        ("", []),
        ("a=1", [("a", "1")]),
        ("a=1&b=2&a=3", [("a", "1"), ("b", "2"), ("a", "3")]),
        ("&&a=1&&", [("a", "1")]),
        ("a", [("a", "")]),
        ("a=", [("a", "")]),
        ("=1", [("", "1")]),
        ("=", [("", "")]),
        ("a==b=c", [("a", "=b=c")]),
        ("a+b=c+d", [("a b", "c d")]),
        ("a%2Bb=c%2bd", [("a+b", "c+d")]),
        ("q=caf%C3%A9&e=%F0%9F%98%80", [("q", "café"), ("e", "😀")]),
        ("bad=%zz&pct=100%&hi=%FF", [("bad", "%zz"), ("pct", "100%"), ("hi", "\u{FFFD}")]),
        ("k%3Dx=v%26y", [("k=x", "v&y")]),
        ("tags%5B%5D=a", [("tags[]", "a")]),
        ("?a=1", [("?a", "1")]),
        ("日本=語", [("日本", "語")]),
    ] as [(String, [(String, String)])])
    func parse(_ input: String, _ expected: [(String, String)]) {
        let form = URLEncodedForm(parsing: input)
        #expect(form == URLEncodedForm(expected))
        #expect(form.count == expected.count)
        #expect(form.isEmpty == expected.isEmpty)
    }

    @Test("parses a Substring the same way")
    func parseSubstring() {
        let query = "/path?a=1&b=2"
        let start = query.index(after: query.firstIndex(of: "?") ?? query.startIndex)
        #expect(URLEncodedForm(parsing: query[start...]) == URLEncodedForm([("a", "1"), ("b", "2")]))
    }

    @Test("WHATWG serializing", arguments: [
        ([], ""),
        ([("a", "1")], "a=1"),
        ([("a", "1"), ("a", "2")], "a=1&a=2"),
        ([("a b", "c d")], "a+b=c+d"),
        ([("k=x", "v&y+z")], "k%3Dx=v%26y%2Bz"),
        ([("", "")], "="),
        ([("e", "😀 café")], "e=%F0%9F%98%80+caf%C3%A9"),
        ([("ok", "*-._"), ("enc", "~!")], "ok=*-._&enc=%7E%21"),
    ] as [([(String, String)], String)])
    func serialize(_ pairs: [(String, String)], _ expected: String) {
        let form = URLEncodedForm(pairs)
        #expect(form.encoded == expected)
        #expect(form.description == expected)
        #expect(URLEncodedForm(parsing: expected) == form)
    }

    @Test("parse then serialize normalizes; serialize then parse is the identity")
    func roundTrips() {
        #expect(URLEncodedForm(parsing: "a=%41%20b&&c").encoded == "a=A+b&c=")
        let forms = [
            URLEncodedForm([("name", "Ada Lovelace"), ("tag", "a&b"), ("tag", "c=d"), ("", "empty name"), ("x", "")]),
            URLEncodedForm([("%", "+"), ("😀", "\u{0}\n"), ("[]", "100%")]),
        ]
        for form in forms {
            #expect(URLEncodedForm(parsing: form.encoded) == form)
        }
    }

    @Test("lookup by name: first value, all values, pairs in order")
    func lookup() {
        var form = URLEncodedForm(parsing: "tag=a&name=x&tag=b")
        #expect(form["tag"] == "a")
        #expect(form["missing"] == nil)
        #expect(form.all("tag") == ["a", "b"])
        #expect(form.all("missing") == [])
        form.append("tag", "c")
        form.append("new", "")
        #expect(form.all("tag") == ["a", "b", "c"])
        #expect(form["new"] == "")
        #expect(form.pairs.map(\.name) == ["tag", "name", "tag", "tag", "new"])
        #expect(form.pairs.map(\.value) == ["a", "x", "b", "c", ""])
        #expect(form.map { "\($0.name)=\($0.value)" } == ["tag=a", "name=x", "tag=b", "tag=c", "new="])
        #expect(form.count == 5)
        #expect(URLEncodedForm(form.pairs) == form)
    }

    @Test("equality and hashing depend on pair order")
    func equality() {
        let ab = URLEncodedForm([("a", "1"), ("b", "2")])
        let ba = URLEncodedForm([("b", "2"), ("a", "1")])
        #expect(ab != ba)
        #expect(ab == URLEncodedForm(parsing: "a=1&b=2"))
        #expect(Set([ab, ba, URLEncodedForm(parsing: "a=1&b=2")]).count == 2)
        #expect(URLEncodedForm() == URLEncodedForm(parsing: ""))
        #expect(URLEncodedForm().isEmpty)
    }
}
