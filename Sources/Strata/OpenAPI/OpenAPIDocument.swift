import StrataCodecs

/// An app's OpenAPI 3.1 document, as ``ResolvedApp/openAPIDocument`` holds it.
public struct OpenAPIDocument: Sendable {
    /// The document.
    public let json: JSONValue
    /// What could not be described exactly: types whose schema is empty or may be
    /// incomplete, each with the fix. Empty for an exact document.
    public let warnings: [String]

    /// The document as `/schema/openapi.json` serves it: compact, keys sorted.
    public var jsonText: String {
        String(decoding: (try? json.jsonBytes()) ?? [], as: UTF8.self)
    }

    /// The document as `/schema/openapi.yaml` serves it.
    public var yamlText: String {
        YAMLWriter.document(json)
    }
}
