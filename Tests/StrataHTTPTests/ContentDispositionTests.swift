import Testing
import StrataHTTP

@Suite("ContentDisposition")
struct ContentDispositionTests {
    @Test("exact header values", arguments: [
        // Plain printable ASCII: filename only.
        ("report.pdf", #"attachment; filename="report.pdf""#),
        ("my report (final).pdf", #"attachment; filename="my report (final).pdf""#),
        ("100%.txt", #"attachment; filename="100%.txt""#),
        ("a'b;c,d=e.txt", #"attachment; filename="a'b;c,d=e.txt""#),
        // A quote must be escaped, and filename* carries the exact name as well.
        (#"say "hi".txt"#, #"attachment; filename="say \"hi\".txt"; filename*=UTF-8''say%20%22hi%22.txt"#),
        // Path separators become "_"; the backslash is one, so it never needs escaping.
        ("a/b.txt", #"attachment; filename="a_b.txt""#),
        (#"a\b.txt"#, #"attachment; filename="a_b.txt""#),
        ("../../etc/passwd", #"attachment; filename=".._.._etc_passwd""#),
        (#"C:\Users\x.doc"#, #"attachment; filename="C:_Users_x.doc""#),
        (#"q"\"/.txt"#, #"attachment; filename="q\"_\"_.txt"; filename*=UTF-8''q%22_%22_.txt"#),
        // Control characters are dropped everywhere.
        ("a\r\nb.txt", #"attachment; filename="ab.txt""#),
        ("a\u{0}b\u{7F}c\u{1B}d\te.txt", #"attachment; filename="abcde.txt""#),
        ("x\r\nSet-Cookie: a=b", #"attachment; filename="xSet-Cookie: a=b""#),
        ("\u{85}caf\u{E9}", #"attachment; filename="caf_"; filename*=UTF-8''caf%C3%A9"#),
        // Non-ASCII: one "_" per character in the fallback, UTF-8 in filename*.
        ("€ rates.txt", #"attachment; filename="_ rates.txt"; filename*=UTF-8''%E2%82%AC%20rates.txt"#),
        ("über.txt", #"attachment; filename="_ber.txt"; filename*=UTF-8''%C3%BCber.txt"#),
        ("u\u{308}ber.txt", #"attachment; filename="_ber.txt"; filename*=UTF-8''u%CC%88ber.txt"#),
        ("日本語.pdf", #"attachment; filename="___.pdf"; filename*=UTF-8''%E6%97%A5%E6%9C%AC%E8%AA%9E.pdf"#),
        ("😀.png", #"attachment; filename="_.png"; filename*=UTF-8''%F0%9F%98%80.png"#),
        ("👍🏽 ok.png", #"attachment; filename="_ ok.png"; filename*=UTF-8''%F0%9F%91%8D%F0%9F%8F%BD%20ok.png"#),
        // Bidi overrides could disguise the extension; they are dropped.
        ("invoice\u{202E}fdp.exe", #"attachment; filename="invoicefdp.exe""#),
        // attr-char passes through filename* unescaped; the rest is %XX.
        ("é!#$&+-.^_`|~'()*", #"attachment; filename="_!#$&+-.^_`|~'()*"; filename*=UTF-8''%C3%A9!#$&+-.^_`|~%27%28%29%2A"#),
    ])
    func header(name: String, expected: String) {
        #expect(ContentDisposition.header(.attachment, filename: name) == expected)
    }

    @Test func inlineAndAttachment() {
        #expect(ContentDisposition.header(.inline, filename: "a.png") == #"inline; filename="a.png""#)
        #expect(ContentDisposition.header(.inline, filename: "é.png")
            == #"inline; filename="_.png"; filename*=UTF-8''%C3%A9.png"#)
        #expect(ContentDisposition.Kind.allCases.map(\.rawValue) == ["attachment", "inline"])
    }

    @Test("no name, or nothing left after cleaning, writes only the type", arguments: [
        String?.none, "", "\r\n", "\u{0}\u{1F}", "\u{202E}",
    ])
    func noFileName(name: String?) {
        #expect(ContentDisposition.header(.attachment, filename: name) == "attachment")
        #expect(ContentDisposition.header(.inline, filename: name) == "inline")
    }

    @Test("header never contains a control character, whatever the name")
    func neverWritesControls() {
        for value in 0..<0x100 {
            let name = "a" + String(Character(Unicode.Scalar(UInt8(value)))) + "\u{2028}z"
            let header = ContentDisposition.header(.attachment, filename: name)
            #expect(!header.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
            #expect(!header.unicodeScalars.contains { $0.value >= 0x80 }, "header must be ASCII")
        }
    }

    @Test("parse recovers the cleaned name from header()", arguments: [
        ("report.pdf", "report.pdf"),
        (#"say "hi".txt"#, #"say "hi".txt"#),
        ("€ rates.txt", "€ rates.txt"),
        ("日本語.pdf", "日本語.pdf"),
        ("😀 👍🏽.png", "😀 👍🏽.png"),
        ("ü\\x/y.txt", "ü_x_y.txt"),
        ("a\r\nb", "ab"),
        ("100%25", "100%25"),
    ])
    func roundTrip(name: String, expected: String) throws {
        for kind in ContentDisposition.Kind.allCases {
            let parsed = try #require(ContentDisposition.parse(ContentDisposition.header(kind, filename: name)))
            #expect(parsed.kind == kind.rawValue)
            #expect(parsed.filename == expected)
        }
    }

    @Test("parse", arguments: [
        ("attachment", "attachment", String?.none),
        ("INLINE", "inline", nil),
        ("  Attachment ;  ", "attachment", nil),
        ("form-data; name=\"f\"; filename=\"a.txt\"", "form-data", "a.txt"),
        ("attachment; filename=plain.txt", "attachment", "plain.txt"),
        ("attachment; FILENAME=\"a.txt\"", "attachment", "a.txt"),
        ("attachment; filename = \"a.txt\"", "attachment", "a.txt"),
        (#"attachment; filename="a\"b\\c.txt""#, "attachment", #"a"b\c.txt"#),
        // filename* wins, in either order.
        ("attachment; filename*=UTF-8''%E2%82%AC.txt; filename=\"_.txt\"", "attachment", "€.txt"),
        ("attachment; filename=\"_.txt\"; FileName*=utf-8'en'%E2%82%AC.txt", "attachment", "€.txt"),
        ("attachment; filename*=iso-8859-1''caf%E9", "attachment", "café"),
        ("attachment; filename*=UTF-8''", "attachment", ""),
        // An undecodable filename* is ignored in favour of filename.
        ("attachment; filename=\"f.txt\"; filename*=UTF-8''%FF", "attachment", "f.txt"),
        ("attachment; filename=\"f.txt\"; filename*=UTF-8''%E2%8", "attachment", "f.txt"),
        ("attachment; filename=\"f.txt\"; filename*=KOI8-R''abc", "attachment", "f.txt"),
        ("attachment; filename=\"f.txt\"; filename*=UTF-8'abc", "attachment", "f.txt"),
        ("attachment; filename=\"f.txt\"; filename*=\"UTF-8''a b\"", "attachment", "f.txt"),
        ("attachment; filename*=UTF-8''bad", "attachment", "bad"),
        ("attachment; filename*=\"UTF-8''quoted\"", "attachment", "quoted"),
        // The first of a repeated parameter counts; unknown parameters are skipped.
        ("attachment; filename=a; filename=b", "attachment", "a"),
        ("attachment; size=42; creation-date=\"Wed, 12 Feb 1997 16:29:51 -0500\"; filename=x", "attachment", "x"),
        ("attachment;; filename=x;", "attachment", "x"),
    ])
    func parse(value: String, kind: String, filename: String?) throws {
        let parsed = try #require(ContentDisposition.parse(value))
        #expect(parsed.kind == kind)
        #expect(parsed.filename == filename)
    }

    @Test("parse rejects malformed values", arguments: [
        "",
        "   ",
        "\"attachment\"",
        "attachment filename=a",
        "attachment; filename",
        "attachment; filename=",
        "attachment; filename=a b",
        "attachment; filename=\"unterminated",
        "attachment; filename=\"ctl\u{1}\"",
        "attachment; =a",
        "attachment, inline",
    ])
    func rejectsMalformed(value: String) {
        #expect(ContentDisposition.parse(value) == nil)
    }
}
