import Testing
import StrataHTTP

struct ContentNegotiationTests {
    /// Renders parsed ranges as "type/subtype; params q=N" for exact comparison.
    static func render(_ ranges: [MediaRange]) -> [String] {
        ranges.map { "\($0.mediaType) q=\($0.quality)" }
    }

    @Test(arguments: [
        ("text/html", ["text/html q=1.0"]),
        ("text/*;q=0.5, text/html;level=1", ["text/* q=0.5", "text/html; level=1 q=1.0"]),
        ("TEXT/HTML;Q=0.3", ["text/html q=0.3"]),
        ("audio/*; q=0.2, audio/basic", ["audio/* q=0.2", "audio/basic q=1.0"]),
        ("text/plain; q=0.5; ext=1; charset=x", ["text/plain q=0.5"]),
        ("text/plain; charset=utf-8; q=0.5", ["text/plain; charset=utf-8 q=0.5"]),
        ("text/plain; q=0.5; q=0.9", ["text/plain q=0.5"]),
        (" , text/plain ,, \t*/*;q=0 , ", ["text/plain q=1.0", "*/* q=0.0"]),
        ("a/b;q=1, a/c;q=1.0, a/d;q=1.000, a/e;q=0, a/f;q=0., a/g;q=0.001, a/h;q=0.999",
         ["a/b q=1.0", "a/c q=1.0", "a/d q=1.0", "a/e q=0.0", "a/f q=0.0", "a/g q=0.001", "a/h q=0.999"]),
        ("text/plain; x=\"a,b\", text/html", ["text/plain; x=\"a,b\" q=1.0", "text/html q=1.0"]),
        ("", []),
    ])
    func parseAccept(header: String, expected: [String]) {
        #expect(Self.render(ContentNegotiation.parseAccept(header)) == expected)
    }

    @Test(arguments: [
        "a/b;q=1.5", "a/b;q=1.001", "a/b;q=2", "a/b;q=-0.5", "a/b;q=0.1234", "a/b;q=.5",
        "a/b;q=\"0.5\"", "a/b;q=", "a/b;q=0.5x", "a/b; q =0.5",
        "*/html", "text", "text /html", "text/html garbage", "a/b; x=\"unterminated, c/d",
    ])
    func malformedElementsAreSkipped(element: String) {
        let ranges = ContentNegotiation.parseAccept("first/one, \(element), last/one")
        let expected = element.contains("unterminated") ? ["first/one q=1.0"] : ["first/one q=1.0", "last/one q=1.0"]
        #expect(Self.render(ranges) == expected)
    }

    static let json = MediaType.json
    static let html = MediaType.html
    static let plain = MediaType.plainText
    static let xml = MediaType.xml

    /// (offered, Accept, expected winner)
    @Test(arguments: [
        // No or empty Accept: the server's first choice.
        ([json, html], nil, json),
        ([json, html], "", json),
        ([json, html], "  ", json),
        ([json, html], "garbage", json),
        // Plain preference and q-values.
        ([json, html], "text/html", html),
        ([json, html], "text/html;q=0.9, application/json;q=0.8", html),
        ([json, html], "text/html;q=0.5, application/json", json),
        ([json, html], "*/*", json),
        ([json, html], "*/*;q=0.1, text/*", html),
        // Specificity: the most specific matching range sets the weight.
        ([html, plain], "text/*;q=0.5, text/html;q=0", plain),
        ([html], "text/*;q=0.5, text/html;q=0", nil),
        ([html, plain], "text/html;q=0, */*", plain),
        ([plain, html], "text/*, text/plain;q=0.1", html),
        ([html.withCharset("utf-8"), json], "text/html;charset=utf-8;q=0.2, text/html;q=0.9, */*;q=0.5", json),
        ([html, json], "text/html;charset=utf-8;q=0.2, text/html;q=0.9, */*;q=0.5", html),
        // q=0 excludes, even against */*.
        ([json], "application/json;q=0, */*", nil),
        ([json], "*/*;q=0", nil),
        ([json, xml], "application/json;q=0", nil),
        ([json, xml], "application/*, application/json;q=0", xml),
        // Ties keep the server's order.
        ([json, xml], "application/xml, application/json", json),
        ([xml, json], "application/xml, application/json", xml),
        ([json, xml], "application/*;q=0.5", json),
        // Nothing acceptable, or nothing offered.
        ([json], "text/html", nil),
        ([], "text/html", nil),
        ([], nil, nil),
        // Duplicate ranges of equal specificity: the first listed sets the weight.
        ([json, html], "application/json;q=0.1, application/json;q=1, text/html;q=0.5", html),
    ] as [([MediaType], String?, MediaType?)])
    func bestMatch(offered: [MediaType], accept: String?, expected: MediaType?) {
        #expect(ContentNegotiation.bestMatch(offered: offered, accept: accept) == expected)
    }

    /// RFC 9110 §12.5.1's worked example, verbatim.
    @Test(arguments: [
        ("text/plain;format=flowed", 1.0),
        ("text/plain", 0.7),
        ("text/html", 0.3),
        ("image/jpeg", 0.5),
        ("text/plain;format=fixed", 0.4),
        ("text/html;level=3", 0.3),
    ])
    func rfc9110Example(type: String, quality: Double) throws {
        let ranges = ContentNegotiation.parseAccept(
            "text/*;q=0.3, text/plain;q=0.7, text/plain;format=flowed, text/plain;format=fixed;q=0.4, */*;q=0.5"
        )
        #expect(ContentNegotiation.quality(of: try #require(MediaType(type)), in: ranges) == quality)
    }

    @Test func qualityIsZeroWithoutAMatchingRange() {
        let ranges = ContentNegotiation.parseAccept("text/html")
        #expect(ContentNegotiation.quality(of: .json, in: ranges) == 0)
        #expect(ContentNegotiation.quality(of: .json, in: []) == 0)
    }
}
