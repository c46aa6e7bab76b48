import StrataHTTP

/// A response a route may give that Strata cannot see in its types, for the API document:
/// a `404` a handler throws, the real media type of a ``Response`` it builds.
///
/// ```swift partial
/// Get("/books/{id:int}") { … }
///     .documentedResponse(.notFound, "No book has this id.")
/// Get("/books/export") { … }
///     .documentedResponse(.ok, "Every book as CSV.", mediaType: MediaType(type: "text", subtype: "csv"), schema: .string())
/// ```
///
/// Layers merge them by status, the innermost winning. An error status with no media type is
/// documented as a problem document (`application/problem+json`).
public struct DocumentedResponse: Sendable {
    /// The status.
    public var status: HTTPStatus
    /// What it means.
    public var description: String
    /// The content's media type; `nil` for the route's own (success) or a problem (errors).
    public var mediaType: MediaType?
    /// The content's schema, when it is not a type's.
    var content: Content

    enum Content: Sendable {
        case none
        case schema(JSONSchema)
        case type(@Sendable (OpenAPISchemas) -> JSONSchema)
    }

    /// A response with the content `schema`, or none.
    public init(_ status: HTTPStatus, _ description: String, mediaType: MediaType? = nil, schema: JSONSchema? = nil) {
        self.status = status
        self.description = description
        self.mediaType = mediaType
        content = schema.map(Content.schema) ?? .none
    }

    /// A response whose content is a `type`.
    public init<T>(_ status: HTTPStatus, _ description: String, mediaType: MediaType? = nil, type: T.Type) {
        self.status = status
        self.description = description
        self.mediaType = mediaType
        content = .type { schemas in schemas.schema(for: T.self) }
    }
}
