import Foundation
import Strata
import Testing

/// Parses `text` as the JSON the assertions compare with.
func json(_ text: String) throws -> JSONValue {
    try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
}

enum Shelf {
    struct Author: Codable {
        var name: String
        var born: Date?
    }

    enum Format: String, Codable, CaseIterable { case hardcover, paperback, ebook }
    enum Stars: Int, Codable, CaseIterable { case one = 1, two, three }

    struct Edition: Codable, Validatable {
        var id: UUID
        var title: String
        var author: Author
        var format: Format
        var stars: Stars?
        var pages: Int?
        var price: Double
        var tags: Set<String>
        var notes: [String: String]
        var homepage: URL
        var cover: Data
        var translations: [Edition]

        func validate(_ validator: inout Validator) {
            validator.check("title", title, .length(1...200), .pattern("^\\S"))
            validator.check("pages", pages, .range(1...5_000))
            validator.check("price", price, .range(0...1_000))
            validator.check("tags", tags, .count(...10))
            // A nested value's rules are its own schema's; a rule of one's own has no keyword.
            validator.fail("title", "never written to the schema")
        }
    }

    /// A recursive type through an optional.
    final class Chapter: Codable {
        let title: String
        let next: Chapter?
    }

    /// A type whose `init(from:)` rejects the stand-in values.
    struct Isbn: Codable {
        let digits: String
        init(from decoder: any Decoder) throws {
            digits = try decoder.singleValueContainer().decode(String.self)
            guard digits.count == 13 else { throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not 13 digits")) }
        }
    }

    /// The same type, describing itself.
    struct DescribedIsbn: Codable, OpenAPISchemaDescribing {
        let digits: String
        static func openAPISchema(in schemas: OpenAPISchemas) -> JSONSchema {
            .string(pattern: "^[0-9]{13}$")
        }
    }

    /// Encodable only: nothing to inspect.
    struct Receipt: Encodable { var total: Int }
}

/// Two types with one name, in different namespaces of the same module.
enum Warehouse { struct Item: Codable { var sku: String } }
enum Storefront { struct Item: Codable { var price: Int } }

/// Shares its name with `Strata.ProblemDetails` (private, so other files see Strata's).
private struct ProblemDetails: Codable { var code: Int }

@Suite("OpenAPI schemas from Swift types")
struct OpenAPISchemaTests {
    @Test func primitivesAndFoundationTypes() throws {
        let schemas = OpenAPISchemas()
        #expect(try schemas.schema(for: String.self).json == json(##"{"type":"string"}"##))
        #expect(try schemas.schema(for: Int.self).json == json(##"{"type":"integer","format":"int64"}"##))
        #expect(try schemas.schema(for: Int32.self).json == json(##"{"type":"integer","format":"int32"}"##))
        #expect(try schemas.schema(for: UInt8.self).json == json(##"{"type":"integer","format":"int32","minimum":0}"##))
        #expect(try schemas.schema(for: Double.self).json == json(##"{"type":"number","format":"double"}"##))
        #expect(try schemas.schema(for: Float.self).json == json(##"{"type":"number","format":"float"}"##))
        #expect(try schemas.schema(for: Bool.self).json == json(##"{"type":"boolean"}"##))
        #expect(try schemas.schema(for: Date.self).json == json(##"{"type":"string","format":"date-time"}"##))
        #expect(try schemas.schema(for: UUID.self).json == json(##"{"type":"string","format":"uuid"}"##))
        #expect(try schemas.schema(for: URL.self).json == json(##"{"type":"string","format":"uri"}"##))
        #expect(try schemas.schema(for: Data.self).json == json(##"{"type":"string","contentEncoding":"base64"}"##))
        #expect(try schemas.schema(for: JSONValue.self).json == json("{}"))
        #expect(schemas.components.isEmpty)
    }

    @Test func optionalsAreNullableAndCollectionsDescribeTheirElements() throws {
        let schemas = OpenAPISchemas()
        #expect(try schemas.schema(for: Int?.self).json == json(##"{"type":["integer","null"],"format":"int64"}"##))
        #expect(try schemas.schema(for: [String].self).json == json(##"{"type":"array","items":{"type":"string"}}"##))
        #expect(try schemas.schema(for: Set<Int>.self).json == json(##"{"type":"array","items":{"type":"integer","format":"int64"},"uniqueItems":true}"##))
        #expect(try schemas.schema(for: [String: Double].self).json == json(##"{"type":"object","additionalProperties":{"type":"number","format":"double"}}"##))
        #expect(try schemas.schema(for: [Shelf.Format]?.self).json
            == json(##"{"type":["array","null"],"items":{"$ref":"#/components/schemas/Shelf.Format"}}"##))
    }

    @Test func caseIterableEnumsListTheirRawValues() throws {
        let schemas = OpenAPISchemas()
        #expect(try schemas.schema(for: Shelf.Format.self).json == json(##"{"$ref":"#/components/schemas/Shelf.Format"}"##))
        _ = schemas.schema(for: Shelf.Stars.self)
        #expect(try schemas.components["Shelf.Format"]?.json == json(##"{"type":"string","enum":["hardcover","paperback","ebook"]}"##))
        #expect(try schemas.components["Shelf.Stars"]?.json == json(##"{"type":"integer","enum":[1,2,3]}"##))
    }

    @Test func aCodableStructBecomesAComponentWithItsRulesAsKeywords() throws {
        let schemas = OpenAPISchemas()
        let reference = schemas.schema(for: Shelf.Edition.self)
        #expect(try reference.json == json(##"{"$ref":"#/components/schemas/Shelf.Edition"}"##))
        #expect(try schemas.components["Shelf.Edition"]?.json == json(##"""
            {"type":"object",
             "properties":{
               "id":{"type":"string","format":"uuid"},
               "title":{"type":"string","minLength":1,"maxLength":200,"pattern":"^\\S"},
               "author":{"$ref":"#/components/schemas/Shelf.Author"},
               "format":{"$ref":"#/components/schemas/Shelf.Format"},
               "stars":{"anyOf":[{"$ref":"#/components/schemas/Shelf.Stars"},{"type":"null"}]},
               "pages":{"type":["integer","null"],"format":"int64","minimum":1,"maximum":5000},
               "price":{"type":"number","format":"double","minimum":0,"maximum":1000},
               "tags":{"type":"array","items":{"type":"string"},"uniqueItems":true,"maxItems":10},
               "notes":{"type":"object","additionalProperties":{"type":"string"}},
               "homepage":{"type":"string","format":"uri"},
               "cover":{"type":"string","contentEncoding":"base64"},
               "translations":{"type":"array","items":{"$ref":"#/components/schemas/Shelf.Edition"}}
             },
             "required":["id","title","author","format","price","tags","notes","homepage","cover","translations"]}
            """##))
        #expect(try schemas.components["Shelf.Author"]?.json == json(##"""
            {"type":"object","properties":{"name":{"type":"string"},"born":{"type":["string","null"],"format":"date-time"}},"required":["name"]}
            """##))
        #expect(schemas.warnings.isEmpty)
    }

    @Test func recursiveTypesEndInAReference() throws {
        let schemas = OpenAPISchemas()
        _ = schemas.schema(for: Shelf.Chapter.self)
        #expect(try schemas.components["Shelf.Chapter"]?.json == json(##"""
            {"type":"object","properties":{"title":{"type":"string"},
             "next":{"anyOf":[{"$ref":"#/components/schemas/Shelf.Chapter"},{"type":"null"}]}},"required":["title"]}
            """##))
    }

    @Test func aTypeThatRejectsStandInsIsReportedAndOneThatDescribesItselfIsExact() throws {
        let schemas = OpenAPISchemas()
        _ = schemas.schema(for: Shelf.Isbn.self)
        #expect(try schemas.components["Shelf.Isbn"]?.json == json(##"{"type":"string"}"##))
        #expect(schemas.warnings.count == 1)
        #expect(schemas.warnings.first?.contains("Isbn") == true)
        #expect(schemas.warnings.first?.contains("OpenAPISchemaDescribing") == true)

        _ = schemas.schema(for: Shelf.DescribedIsbn.self)
        #expect(try schemas.components["Shelf.DescribedIsbn"]?.json == json(##"{"type":"string","pattern":"^[0-9]{13}$"}"##))
        #expect(schemas.warnings.count == 1)
    }

    @Test func anEncodableOnlyTypeIsEmptyAndReported() throws {
        let schemas = OpenAPISchemas()
        #expect(try schemas.schema(for: Shelf.Receipt.self).json == json("{}"))
        #expect(schemas.warnings == ["Receipt is not Decodable, so its schema is empty; conform it to OpenAPISchemaDescribing"])
    }

    @Test func paginationContainersDescribeTheirItems() throws {
        let schemas = OpenAPISchemas()
        _ = schemas.schema(for: ClassicPagination<Shelf.Author>.self)
        _ = schemas.schema(for: CursorPagination<String, Int>.self)
        #expect(try schemas.components["ClassicPagination_Shelf.Author"]?.json == json(##"""
            {"type":"object","properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/Shelf.Author"}},
             "page_size":{"type":"integer","format":"int64"},"current_page":{"type":"integer","format":"int64"},
             "total_pages":{"type":"integer","format":"int64"}},
             "required":["items","page_size","current_page","total_pages"]}
            """##))
        #expect(try schemas.components["CursorPagination_String_Int"]?.json == json(##"""
            {"type":"object","properties":{"items":{"type":"array","items":{"type":"integer","format":"int64"}},
             "results_per_page":{"type":"integer","format":"int64"},"cursor":{"type":["string","null"]}},
             "required":["items","results_per_page","cursor"]}
            """##))
    }

    @Test func namesAreQualifiedOnlyWhereTwoTypesShareOne() throws {
        let schemas = OpenAPISchemas()
        _ = schemas.schema(for: Warehouse.Item.self)
        _ = schemas.schema(for: Storefront.Item.self)
        _ = schemas.schema(for: ProblemDetails.self)
        _ = schemas.schema(for: Strata.ProblemDetails.self)
        // Nested types carry their namespace; of two types named alike, the first met keeps the
        // name and the second is qualified by its module.
        #expect(Set(schemas.components.keys) == ["Warehouse.Item", "Storefront.Item", "ProblemDetails", "Strata.ProblemDetails"])
        #expect(try schemas.schema(for: Strata.ProblemDetails.self).json == json(##"{"$ref":"#/components/schemas/Strata.ProblemDetails"}"##))
    }

    @Test func theSameTypesGiveTheSameBytes() throws {
        func document() throws -> String {
            let app = App(routes: [Post("/editions", .body(Shelf.Edition.self)) { _, edition in edition }])
            return try #require(try app.build().openAPIDocument).jsonText
        }
        #expect(try document() == document())
    }
}

