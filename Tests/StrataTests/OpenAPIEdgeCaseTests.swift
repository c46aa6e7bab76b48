import Foundation
import Strata
import StrataTesting
import Testing

/// Types whose decoding is not the synthesized one, for the stand-in inspection.
enum Awkward {
    /// Force-unwraps what it parses: `""` would crash it, `"1"` does not.
    struct Link: Codable, Sendable {
        let url: URL
        let weight: Int
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            url = URL(string: try container.decode(String.self, forKey: .url))!
            weight = 100 / (try container.decode(Int.self, forKey: .weight))
        }
    }

    /// Not `CaseIterable`: no stand-in can be made of it.
    enum Mood: String, Codable, Sendable { case calm, busy }

    struct Day: Codable, Sendable {
        var date: String
        var mood: Mood
        var note: String
    }

    /// Rejects stand-ins, but offers one.
    struct Code: Codable, Sendable, OpenAPISchemaDescribing {
        let value: String
        init(value: String) { self.value = value }
        init(from decoder: any Decoder) throws {
            value = try decoder.singleValueContainer().decode(String.self)
            guard value.count == 4 else { throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "four characters")) }
        }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(value)
        }
        static func openAPISchema(in schemas: OpenAPISchemas) -> JSONSchema { .string(minLength: 4, maxLength: 4) }
        static var openAPIStandIn: Code? { Code(value: "ABCD") }
    }

    struct Voucher: Codable, Sendable {
        var code: Code
        var amount: Decimal
        var label: String
    }

    struct Rated: Codable, Sendable, Validatable {
        var genre: String?
        var score: Double
        func validate(_ validator: inout Validator) {
            validator.check("genre", genre, .oneOf(["sf", "fantasy"]))
            validator.check("score", score, .range(0 ... .infinity))
            validator.check("rating", score, .range(0...5))
        }
    }

    struct Filter: Codable, Sendable {
        struct Window: Codable, Sendable { var from: Int; var to: Int }
        var tags: [String]
        var window: Window
        var text: String
    }
}

@Suite("OpenAPI: the awkward cases")
struct OpenAPIEdgeCaseTests {
    static func document(_ routes: [any RouteComponent]) throws -> OpenAPIDocument {
        try #require(try App(routes: routes).build().openAPIDocument)
    }

    @Test func standInsAreOneNotZeroSoForceUnwrapsAndDivisionsSurvive() throws {
        let schemas = OpenAPISchemas()
        _ = schemas.schema(for: Awkward.Link.self)
        #expect(try schemas.components["Awkward.Link"]?.json == json(##"""
            {"type":"object","properties":{"url":{"type":"string"},"weight":{"type":"integer","format":"int64"}},"required":["url","weight"]}
            """##))
        #expect(schemas.warnings.isEmpty)
    }

    @Test func aFieldWithoutAStandInIsNamedInTheWarning() throws {
        let schemas = OpenAPISchemas()
        _ = schemas.schema(for: Awkward.Day.self)
        // Day's description ends at `mood`, and Mood itself is only a string.
        #expect(schemas.warnings.count == 2)
        #expect(schemas.warnings.contains { $0.hasPrefix("Day's schema ends early: Mood at `mood` cannot be made from stand-in values") })
        #expect(schemas.warnings.contains { $0.hasPrefix("Mood rejected the stand-in values") })
        #expect(try schemas.components["Awkward.Mood"]?.json == json(##"{"type":"string"}"##))
    }

    @Test func aDescribedStandInAndDecimalsLetTheContainerBeDescribedWhole() throws {
        let schemas = OpenAPISchemas()
        _ = schemas.schema(for: Awkward.Voucher.self)
        #expect(schemas.warnings.isEmpty)
        #expect(try schemas.components["Awkward.Voucher"]?.json == json(##"""
            {"type":"object","properties":{"code":{"$ref":"#/components/schemas/Awkward.Code"},"amount":{"type":"number"},"label":{"type":"string"}},
             "required":["code","amount","label"]}
            """##))
    }

    @Test func rulesAllowNullOnOptionalsDropInfinitiesAndNameUnknownFields() throws {
        let schemas = OpenAPISchemas()
        _ = schemas.schema(for: Awkward.Rated.self)
        #expect(try schemas.components["Awkward.Rated"]?.json == json(##"""
            {"type":"object","properties":{"genre":{"type":["string","null"],"enum":["sf","fantasy",null]},
             "score":{"type":"number","format":"double","minimum":0}},"required":["score"]}
            """##))
        #expect(schemas.warnings.count == 1)
        #expect(schemas.warnings.first?.contains(##"checks a rule on "rating""##) == true)
        #expect(JSONSchema.enumeration(["a"]).nullable.nullable.json == (try json(##"{"type":["string","null"],"enum":["a",null]}"##)))
    }

    @Test func statusesAReturnTypeDecidesAreNotGuessed() throws {
        let document = try Self.document([
            Get("/go") { _ in Redirect(to: "/there", status: .seeOther) },
            Post("/raw") { _ in Response(text: "ok") },
            Delete("/pair") { _ in (["deleted": true], HTTPStatus.ok) },
            Get("/empty") { _ in ["a": 1] }.documentedResponse(.noContent, "Nothing today."),
        ]).json
        #expect(try OpenAPIDocumentTests.member(document, "paths", "/go", "get", "responses") == json(##"""
            {"3XX":{"description":"A redirect.","headers":{"Location":{"description":"Where the resource is.","required":true,"schema":{"format":"uri-reference","type":"string"}}}}}
            """##))
        #expect(try OpenAPIDocumentTests.member(document, "paths", "/raw", "post", "responses") == json(##"{"default":{"description":"The response the handler makes."}}"##))
        #expect(try OpenAPIDocumentTests.member(document, "paths", "/pair", "delete", "responses", "default", "description") == json(##""The response the handler makes.""##))
        #expect(try OpenAPIDocumentTests.member(document, "paths", "/empty", "get", "responses", "204") == json(##"{"description":"Nothing today."}"##))
    }

    @Test func queryListsAreOptionalAndNestedValuesAreDeepObjects() throws {
        let document = try Self.document([Get("/search", .query(Awkward.Filter.self)) { _, _ in "ok" }]).json
        #expect(try OpenAPIDocumentTests.member(document, "paths", "/search", "get", "parameters") == json(##"""
            [{"in":"query","name":"tags","schema":{"type":"array","items":{"type":"string"}}},
             {"in":"query","name":"text","required":true,"schema":{"type":"string"}},
             {"in":"query","name":"window","explode":true,"style":"deepObject","schema":{"$ref":"#/components/schemas/Awkward.Filter.Window"}}]
            """##))
    }

    @Test func pathsDifferingOnlyInParameterNamesBecomeOneAndUnknownMethodsAreLeftOut() throws {
        let document = try Self.document([
            Get("/books/{id:int}", .path("id", as: Int.self)) { _, id in id },
            Delete("/books/{bookID:int}", .path("bookID", as: Int.self)) { _, _ in },
            Handler([HTTPMethod("PURGE")], "/cache") { _ in },
        ])
        guard case .object(let paths)? = OpenAPIDocumentTests.member(document.json, "paths") else { Issue.record("no paths"); return }
        #expect(paths.keys.sorted() == ["/books/{id}"])
        #expect(try OpenAPIDocumentTests.member(document.json, "paths", "/books/{id}", "delete", "parameters") == json(##"""
            [{"in":"path","name":"id","required":true,"schema":{"format":"int64","type":"integer"}}]
            """##))
        #expect(document.warnings == ["PURGE /cache is left out: OpenAPI 3.1 has no field for the method PURGE"])
    }

    @Test func twoSchemesOfOneNameBothSurvive() throws {
        let document = try Self.document([
            Get("/a") { _ in "a" }.security(.apiKey(header: "X-API-Key")),
            Get("/b") { _ in "b" }.security(.apiKey(cookie: "key")),
        ]).json
        #expect(try OpenAPIDocumentTests.member(document, "components", "securitySchemes") == json(##"""
            {"apiKey":{"in":"header","name":"X-API-Key","type":"apiKey"},"apiKey_2":{"in":"cookie","name":"key","type":"apiKey"}}
            """##))
        #expect(try OpenAPIDocumentTests.member(document, "paths", "/b", "get", "security") == json(##"[{"apiKey_2":[]}]"##))
    }

    @Test func aDocumentJSONCannotWriteIsABuildError() throws {
        let app = App(routes: [Get("/") { _ in "x" }.documentedResponse(.ok, "x", schema: JSONSchema(["maximum": .double(.infinity)]))])
        #expect(throws: AppBuildError.self) { try app.build() }
    }

    @Test func yamlKeepsNumbersNumbersAndEscapesWhatYAMLCannotPrint() throws {
        let document = try Self.document([
            Get("/") { _ in "x" }.documentedResponse(.ok, "odd \u{FFFE} text", schema: JSONSchema(["minimum": .double(1e-05), "maximum": .double(2.5)])),
        ])
        #expect(document.yamlText.contains("\"minimum\": 1.0e-05\n"))
        #expect(document.yamlText.contains("\"maximum\": 2.5\n"))
        #expect(document.yamlText.contains(#""description": "odd \uFFFE text""#))
    }

    @Test func eachMediaTypeIsTheOneTheRouteWrites() throws {
        let engine = try MustacheEngine(templates: ["page": "<p>{{text}}</p>"])
        let vendor = MediaType(type: "application", subtype: "vnd.shelf+json")
        let app = App(templates: engine, routes: [
            Get("/vendor", mediaType: vendor) { _ in ["a": 1] },
            Get("/packed", mediaType: .messagePack) { _ in ["a": 1] },
            Get("/page", mediaType: .html) { _ in "<p>hi</p>" },
            Get("/rendered") { _ in Template("page", context: ["text": "hi"]) },
        ])
        let document = try #require(try app.build().openAPIDocument).json
        func content(_ path: String) -> JSONValue? {
            OpenAPIDocumentTests.member(document, "paths", path, "get", "responses", "200", "content")
        }
        let map = ##"{"schema":{"type":"object","additionalProperties":{"type":"integer","format":"int64"}}}"##
        #expect(try content("/vendor") == json(##"{"application/vnd.shelf+json":\##(map)}"##))
        #expect(try content("/packed") == json(##"{"application/msgpack":\##(map)}"##))
        #expect(try content("/page") == json(##"{"text/html":{"schema":{"type":"string"}}}"##))
        #expect(try content("/rendered") == json(##"{"text/html":{"schema":{"type":"string"}}}"##))
    }
}
