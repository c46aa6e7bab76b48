/// A type that writes its own schema, where inspecting its `Decodable` conformance cannot:
/// a custom `init(from:)` that rejects stand-in values, an `Encodable`-only response type,
/// a type encoded differently from how it decodes.
///
/// ```swift
/// struct Temperature: Codable, OpenAPISchemaDescribing {
///     var celsius: Double
///     init(from decoder: any Decoder) throws {
///         celsius = try decoder.singleValueContainer().decode(Double.self)
///         guard celsius >= -273.15 else { throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "below absolute zero")) }
///     }
///     func encode(to encoder: any Encoder) throws {
///         var container = encoder.singleValueContainer()
///         try container.encode(celsius)
///     }
///     static func openAPISchema(in schemas: OpenAPISchemas) -> JSONSchema {
///         JSONSchema.number(format: "double").with("minimum", -273.15)
///     }
///     static var openAPIStandIn: Temperature? { Temperature(celsius: 20) }
///     init(celsius: Double) { self.celsius = celsius }
/// }
/// ```
///
/// The schema goes into `components/schemas` under the type's name; use
/// ``OpenAPISchemas/schema(for:)`` in it to refer to other types.
public protocol OpenAPISchemaDescribing {
    /// This type's schema.
    static func openAPISchema(in schemas: OpenAPISchemas) -> JSONSchema

    /// A value of this type, for describing the types that contain it: their `init(from:)`
    /// is run with stand-in values, and a type whose initializer rejects those (as `ISBN`'s
    /// above would) would otherwise end its container's description early. `nil` by default.
    static var openAPIStandIn: Self? { get }
}

extension OpenAPISchemaDescribing {
    public static var openAPIStandIn: Self? { nil }
}

extension ClassicPagination: OpenAPISchemaDescribing {
    public static func openAPISchema(in schemas: OpenAPISchemas) -> JSONSchema {
        .object(properties: ["items": .array(of: schemas.schema(for: Item.self)), "page_size": .integer(format: "int64"),
                             "current_page": .integer(format: "int64"), "total_pages": .integer(format: "int64")],
                required: ["items", "page_size", "current_page", "total_pages"])
    }
}

extension OffsetPagination: OpenAPISchemaDescribing {
    public static func openAPISchema(in schemas: OpenAPISchemas) -> JSONSchema {
        .object(properties: ["items": .array(of: schemas.schema(for: Item.self)), "limit": .integer(format: "int64"),
                             "offset": .integer(format: "int64"), "total": .integer(format: "int64")],
                required: ["items", "limit", "offset", "total"])
    }
}

extension CursorPagination: OpenAPISchemaDescribing {
    public static func openAPISchema(in schemas: OpenAPISchemas) -> JSONSchema {
        // The cursor is written as `null` on the last page, never left out.
        .object(properties: ["items": .array(of: schemas.schema(for: Item.self)), "results_per_page": .integer(format: "int64"),
                             "cursor": schemas.schema(for: Cursor.self).nullable],
                required: ["items", "results_per_page", "cursor"])
    }
}
