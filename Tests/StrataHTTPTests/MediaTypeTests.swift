import Testing
import StrataHTTP

struct MediaTypeTests {
    /// (input, description, parameters as name=value pairs after unescaping)
    @Test(arguments: [
        ("text/html", "text/html", [String]()),
        ("Text/HTML", "text/html", []),
        ("text/html;charset=utf-8", "text/html; charset=utf-8", ["charset=utf-8"]),
        ("text/html; Charset=UTF-8", "text/html; charset=UTF-8", ["charset=UTF-8"]),
        ("text/html ;\tcharset=\"utf-8\"", "text/html; charset=utf-8", ["charset=utf-8"]),
        ("  application/json  ", "application/json", []),
        ("text/plain; a=1; B=2", "text/plain; a=1; b=2", ["a=1", "b=2"]),
        ("text/plain; a=\"x y\"", "text/plain; a=\"x y\"", ["a=x y"]),
        (#"text/plain; a="q\"uo\\te""#, #"text/plain; a="q\"uo\\te""#, [#"a=q"uo\te"#]),
        (#"text/plain; a="\a\b""#, "text/plain; a=ab", ["a=ab"]),
        ("text/plain; a=\"\"", "text/plain; a=\"\"", ["a="]),
        ("text/plain; a=\"x,y;z\"", "text/plain; a=\"x,y;z\"", ["a=x,y;z"]),
        ("text/plain;", "text/plain", []),
        ("text/plain; ;a=1;;", "text/plain; a=1", ["a=1"]),
        ("text/plain; a=1; a=2", "text/plain; a=1; a=2", ["a=1", "a=2"]),
        ("multipart/form-data; boundary=\"----abc\"", "multipart/form-data; boundary=----abc", ["boundary=----abc"]),
        ("application/vnd.api+json", "application/vnd.api+json", []),
        ("*/*", "*/*", []),
        ("text/plain; a=\"caf\u{E9}\"", "text/plain; a=\"caf\u{E9}\"", ["a=caf\u{E9}"]),
    ])
    func parsesAndFormats(input: String, description: String, parameters: [String]) throws {
        let type = try #require(MediaType(input))
        #expect(type.description == description)
        #expect(type.parameters.map { "\($0.name)=\($0.value)" } == parameters)
        #expect(MediaType(type.description) == type)
    }

    @Test(arguments: [
        "",
        "text",                      // missing subtype
        "text/",
        "/html",
        "text /html",                // space in type
        "text/ html",
        "te xt/html",
        "text/html/x",
        "text/html; charset",        // parameter without value
        "text/html; charset=",
        "text/html; charset =utf-8", // no whitespace around "="
        "text/html; charset= utf-8",
        "text/html; a=\"unterminated",
        "text/html; a=\"bad\u{01}\"",
        "text/html; a=b c",
        "text/html, text/plain",
        "text/html; =x",
        "t\u{E9}xt/html",
        "text/html; a=\"x\"y",
    ])
    func rejectsMalformed(input: String) {
        #expect(MediaType(input) == nil)
    }

    @Test func descriptionQuotesNonTokensAndDropsControlCharacters() {
        let type = MediaType(type: "text", subtype: "plain", parameters: [
            .init(name: "A", value: "x\"y\\z"), .init(name: "b", value: ""), .init(name: "c", value: "1\r\n2\t3"),
        ])
        #expect(type.description == "text/plain; a=\"x\\\"y\\\\z\"; b=\"\"; c=\"12\t3\"")
    }

    @Test func memberwiseInitializerAndSettersLowercase() {
        var type = MediaType(type: "Application", subtype: "JSON", parameters: [.init(name: "CharSet", value: "UTF-8")])
        #expect(type.essence == "application/json")
        #expect(type.parameters[0].name == "charset")
        type.type = "TEXT"
        type.subtype = "Plain"
        type.parameters[0].name = "FORMAT"
        #expect(type.description == "text/plain; format=UTF-8")
    }

    @Test func parameterLookupIsCaseInsensitiveAndReturnsFirst() throws {
        let type = try #require(MediaType("text/plain; Format=Flowed; format=fixed"))
        #expect(type.parameter("FORMAT") == "Flowed")
        #expect(type.parameter("missing") == nil)
    }

    @Test func charset() throws {
        #expect(try #require(MediaType("text/html; charset=\"UTF-8\"")).charset == "utf-8")
        #expect(MediaType.html.charset == nil)
    }

    @Test func withCharsetAppendsOrReplacesInPlace() throws {
        #expect(MediaType.json.withCharset("utf-8").description == "application/json; charset=utf-8")
        let existing = try #require(MediaType("text/plain; charset=latin1; format=flowed; CHARSET=ascii"))
        #expect(existing.withCharset("utf-8").description == "text/plain; charset=utf-8; format=flowed")
    }

    @Test func equality() throws {
        #expect(MediaType("TEXT/Html; Charset=UTF-8") == MediaType("text/html; charset=utf-8"))
        #expect(MediaType("text/plain; a=1; b=2") == MediaType("text/plain; b=2; a=1"))
        #expect(MediaType("text/plain; a=X") != MediaType("text/plain; a=x"))
        #expect(MediaType("text/plain; a=1") != MediaType("text/plain; a=1; a=1"))
        #expect(MediaType("text/plain") != MediaType("text/html"))
        let set: Set<MediaType> = [try #require(MediaType("text/html; charset=UTF-8")), MediaType.html.withCharset("utf-8")]
        #expect(set.count == 1)
    }

    @Test(arguments: [
        ("application/problem+json", "json"),
        ("image/svg+xml", "xml"),
        ("application/vnd.a+b+cbor", "cbor"),
    ])
    func structuredSuffix(input: String, suffix: String) throws {
        #expect(try #require(MediaType(input)).structuredSuffix == suffix)
    }

    @Test(arguments: ["application/json", "text/plain", "application/+json", "application/json+"])
    func noStructuredSuffix(input: String) throws {
        #expect(try #require(MediaType(input)).structuredSuffix == nil)
    }

    /// (type, isJSON, isMessagePack, isText)
    @Test(arguments: [
        ("application/json", true, false, false),
        ("application/json; charset=utf-8", true, false, false),
        ("application/problem+json", true, false, false),
        ("application/vnd.api+json", true, false, false),
        ("Application/JSON", true, false, false),
        ("application/jsonx", false, false, false),
        ("text/json-seq", false, false, true),
        ("application/msgpack", false, true, false),
        ("application/x-msgpack", false, true, false),
        ("application/vnd.msgpack", false, true, false),
        ("text/plain", false, false, true),
        ("text/html", false, false, true),
        ("text/event-stream", false, false, true),
        ("application/xml", false, false, true),
        ("application/atom+xml", false, false, true),
        ("image/svg+xml", false, false, true),
        ("application/javascript", false, false, true),
        ("text/javascript", false, false, true),
        ("application/octet-stream", false, false, false),
        ("image/png", false, false, false),
    ])
    func classification(input: String, json: Bool, messagePack: Bool, text: Bool) throws {
        let type = try #require(MediaType(input))
        #expect(type.isJSON == json)
        #expect(type.isMessagePack == messagePack)
        #expect(type.isText == text)
    }

    /// (type, range, matches)
    @Test(arguments: [
        ("text/html", "*/*", true),
        ("text/html", "text/*", true),
        ("text/html", "text/html", true),
        ("text/html", "TEXT/HTML", true),
        ("text/html", "text/plain", false),
        ("text/html", "image/*", false),
        ("text/html", "*/html", false),
        ("text/html; charset=utf-8", "text/html", true),
        ("text/html; charset=utf-8", "text/html; charset=UTF-8", true),
        ("text/html; charset=utf-8", "text/*; charset=utf-8", true),
        ("text/html; charset=utf-8", "*/*; charset=utf-8", true),
        ("text/html", "text/html; charset=utf-8", false),
        ("text/html; charset=latin1", "text/html; charset=utf-8", false),
        ("text/html; level=1", "text/html; level=1", true),
        ("text/html; level=1", "text/html; LEVEL=1", true),
        ("text/html; level=a", "text/html; level=A", false),
        ("text/html; a=1; b=2", "text/html; b=2", true),
    ])
    func matches(input: String, range: String, expected: Bool) throws {
        let type = try #require(MediaType(input))
        #expect(type.matches(try #require(MediaType(range))) == expected)
    }

    @Test func staticMembers() {
        let all: [(MediaType, String)] = [
            (.json, "application/json"), (.problemJSON, "application/problem+json"),
            (.plainText, "text/plain"), (.html, "text/html"), (.css, "text/css"),
            (.xml, "application/xml"), (.javascript, "text/javascript"),
            (.octetStream, "application/octet-stream"), (.messagePack, "application/msgpack"),
            (.formURLEncoded, "application/x-www-form-urlencoded"),
            (.multipartFormData, "multipart/form-data"), (.eventStream, "text/event-stream"), (.any, "*/*"),
        ]
        for (type, description) in all {
            #expect(type.description == description)
        }
        #expect(MediaType.problemJSON.isJSON && MediaType.messagePack.isMessagePack && MediaType.xml.isText)
    }
}
