import FoundationEssentials
import StrataMustache
import Testing

private struct FixtureAuthor: Encodable {
    var name: String
    var email: String?
}

private struct FixturePost: Encodable {
    var title: String
    var tags: [String]
    var author: FixtureAuthor
    var editor: FixtureAuthor?
    var views: Int
    var rating: Double
    var draft: Bool
    var published: Date
}

private enum FixtureStatus: String, Encodable {
    case open
}

/// Writes through every nested-container API instead of the synthesized code.
private struct FixtureManual: Encodable {
    enum Key: String, CodingKey { case meta, list, parent }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        var meta = container.nestedContainer(keyedBy: Key.self, forKey: .meta)
        try meta.encode(Int8(-3), forKey: .list)
        var list = container.nestedUnkeyedContainer(forKey: .list)
        try list.encode(UInt16(7))
        try list.encodeNil()
        var inner = list.nestedContainer(keyedBy: Key.self)
        try inner.encode("x", forKey: .meta)
        var innerList = list.nestedUnkeyedContainer()
        try innerList.encode(true)
        var parent = container.superEncoder(forKey: .parent).singleValueContainer()
        try parent.encode("from super")
        var base = container.superEncoder().unkeyedContainer()
        try base.encode(1)
    }
}

private struct FixtureEmpty: Encodable {}

@Suite struct TemplateValueEncodingTests {
    @Test func structWithNestedArrayAndOptionals() throws {
        let post = FixturePost(
            title: "Hi <there>",
            tags: ["swift", "web"],
            author: FixtureAuthor(name: "Ada", email: nil),
            editor: nil,
            views: 12,
            rating: 4.5,
            draft: false,
            published: Date(timeIntervalSince1970: 1_795_434_973)
        )
        let value = try TemplateValue(encoding: post)
        #expect(value == [
            "title": "Hi <there>",
            "tags": ["swift", "web"],
            "author": ["name": "Ada", "email": nil],
            "editor": nil,
            "views": 12,
            "rating": 4.5,
            "draft": false,
            "published": "2026-11-23T11:56:13Z",
        ])
    }

    @Test func encodedContextRendersThroughTheEngine() throws {
        let post = FixturePost(
            title: "Fish & Chips", tags: ["a", "b"], author: FixtureAuthor(name: "Ada", email: "ada@example.com"),
            editor: nil, views: 3, rating: 0.5, draft: true, published: Date(timeIntervalSince1970: 0)
        )
        let engine = try MustacheEngine(templates: [
            "post": "{{title}} by {{author.name}} <{{author.email}}>{{#tags}} #{{.}}{{/tags}}{{^editor}} (no editor){{/editor}} {{views}} {{rating}} {{draft}} {{published}}",
        ])
        #expect(try engine.render("post", context: TemplateValue(encoding: post))
            == "Fish &amp; Chips by Ada <ada@example.com> #a #b (no editor) 3 0.5 true 1970-01-01T00:00:00Z")
    }

    @Test func nilOptionalHidesTheSameNameInAnOuterContext() throws {
        let authors = [FixtureAuthor(name: "Ada", email: nil), FixtureAuthor(name: "Bob", email: "bob@example.com")]
        let engine = try MustacheEngine(templates: ["list": "{{#authors}}{{name}}:{{email}};{{/authors}}"])
        let context: TemplateValue = ["email": "outer@example.com", "authors": try TemplateValue(encoding: authors)]
        #expect(try engine.render("list", context: context) == "Ada:;Bob:bob@example.com;")
    }

    @Test func nestedContainersAndSuperEncoders() throws {
        #expect(try TemplateValue(encoding: FixtureManual()) == [
            "meta": ["list": -3],
            "list": [7, nil, ["meta": "x"], [true]],
            "parent": "from super",
            "super": [1],
        ])
    }

    @Test func scalarsAtTheTopLevel() throws {
        #expect(try TemplateValue(encoding: "text") == "text")
        #expect(try TemplateValue(encoding: 5) == 5)
        #expect(try TemplateValue(encoding: UInt8(255)) == 255)
        #expect(try TemplateValue(encoding: Int64.min) == .int(Int.min))
        #expect(try TemplateValue(encoding: 2.5) == 2.5)
        #expect(try TemplateValue(encoding: Float(0.1)) == .double(0.1))
        #expect(try TemplateValue(encoding: true) == true)
        #expect(try TemplateValue(encoding: Int?.none) == nil)
        #expect(try TemplateValue(encoding: FixtureStatus.open) == "open")
    }

    @Test func collections() throws {
        #expect(try TemplateValue(encoding: [1, nil, 3] as [Int?]) == [1, nil, 3])
        #expect(try TemplateValue(encoding: ["b": 2, "a": 1]) == ["a": 1, "b": 2])
        #expect(try TemplateValue(encoding: [[Float(1.5)], []]) == [[1.5], []])
        #expect(try TemplateValue(encoding: FixtureEmpty()) == .object([:]))
    }

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00Z"),
        (1_795_434_973.5, "2026-11-23T11:56:13.500Z"),
        (1_795_434_973.0004, "2026-11-23T11:56:13Z"),
        (-1, "1969-12-31T23:59:59Z"),
        (951_782_400, "2000-02-29T00:00:00Z"),
        (-62_135_596_800, "0001-01-01T00:00:00Z"),
        (253_402_300_799, "9999-12-31T23:59:59Z"),
    ])
    func datesBecomeISO8601(seconds: Double, text: String) throws {
        #expect(try TemplateValue(encoding: Date(timeIntervalSince1970: seconds)) == .string(text))
        #expect(try TemplateValue(encoding: ["at": Date(timeIntervalSince1970: seconds)]) == ["at": .string(text)])
    }

    @Test func foundationValueTypesBecomeTheirText() throws {
        let url = try #require(URL(string: "https://example.com/a?b=c"))
        #expect(try TemplateValue(encoding: url) == "https://example.com/a?b=c")
        #expect(try TemplateValue(encoding: Decimal(string: "3.14")) == "3.14")
        let uuid = try #require(UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F"))
        #expect(try TemplateValue(encoding: uuid) == "E621E1F8-C36C-495A-93FC-0C247A3E6E5F")
    }

    @Test func dateOutsideFourDigitYearsThrows() {
        #expect(throws: EncodingError.self) {
            try TemplateValue(encoding: Date(timeIntervalSince1970: 253_402_300_800))
        }
        #expect(throws: EncodingError.self) {
            try TemplateValue(encoding: ["at": Date(timeIntervalSince1970: -62_167_219_201)])
        }
    }

    @Test func unsignedAboveIntMaxThrows() {
        #expect(throws: EncodingError.self) {
            try TemplateValue(encoding: UInt64.max)
        }
        #expect(throws: EncodingError.self) {
            try TemplateValue(encoding: [UInt.max])
        }
        #expect(throws: EncodingError.self) {
            try TemplateValue(encoding: ["big": UInt64(Int.max) + 1])
        }
    }
}
