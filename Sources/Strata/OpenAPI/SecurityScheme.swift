import StrataCodecs

/// How clients authenticate, for the API document: an API key in a header, cookie or query
/// parameter, or HTTP bearer or basic authentication.
///
/// Declaring a scheme on a layer documents it; a ``Guard`` enforces it.
///
/// ```swift partial
/// Router("/admin", routes: routes)
///     .security(.bearer(format: "JWT"))
///     .guards(checksToken)
/// ```
public struct SecurityScheme: Sendable, Hashable {
    /// The scheme's key in `components/securitySchemes`.
    public var name: String
    /// The Security Scheme Object.
    public var json: JSONValue

    /// A scheme written out as JSON.
    public init(name: String, json: JSONValue) {
        self.name = name
        self.json = json
    }

    /// An API key sent in the header `header`.
    public static func apiKey(_ name: String = "apiKey", header: String, description: String? = nil) -> SecurityScheme {
        apiKey(name, in: "header", parameter: header, description: description)
    }

    /// An API key sent in the cookie `cookie`.
    public static func apiKey(_ name: String = "apiKey", cookie: String, description: String? = nil) -> SecurityScheme {
        apiKey(name, in: "cookie", parameter: cookie, description: description)
    }

    /// An API key sent in the query parameter `query`.
    public static func apiKey(_ name: String = "apiKey", query: String, description: String? = nil) -> SecurityScheme {
        apiKey(name, in: "query", parameter: query, description: description)
    }

    private static func apiKey(_ name: String, in place: String, parameter: String, description: String?) -> SecurityScheme {
        var json: [String: JSONValue] = ["type": "apiKey", "in": .string(place), "name": .string(parameter)]
        json["description"] = description.map(JSONValue.string)
        return SecurityScheme(name: name, json: .object(json))
    }

    /// `Authorization: Bearer <token>`; `format` hints at the token's kind, e.g. `JWT`.
    public static func bearer(_ name: String = "bearer", format: String? = nil, description: String? = nil) -> SecurityScheme {
        var json: [String: JSONValue] = ["type": "http", "scheme": "bearer"]
        json["bearerFormat"] = format.map(JSONValue.string)
        json["description"] = description.map(JSONValue.string)
        return SecurityScheme(name: name, json: .object(json))
    }

    /// `Authorization: Basic <credentials>`.
    public static func basic(_ name: String = "basic", description: String? = nil) -> SecurityScheme {
        var json: [String: JSONValue] = ["type": "http", "scheme": "basic"]
        json["description"] = description.map(JSONValue.string)
        return SecurityScheme(name: name, json: .object(json))
    }
}
