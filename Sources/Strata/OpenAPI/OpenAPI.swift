import StrataCodecs
import StrataHTTP

/// The app's OpenAPI 3.1 document and its documentation page, on by default.
///
/// ```swift
/// let app = App(openAPI: OpenAPI(title: "Bookshelf", version: "1.2.0"), routes: [
///     Get("/books") { _ in ["Dune"] },
/// ])
/// // GET /schema/openapi.json, /schema/openapi.yaml, and the page at /schema
/// ```
///
/// The document is written once, when the app is built, from its resolved routes (see
/// `Documentation/OpenAPI.md`). Its routes are ordinary ones on a router at ``path`` with
/// the app's policies and ``policy``, so a guard there protects them; they are left out of
/// the document themselves. `App(openAPI: nil)` serves none and builds none.
public struct OpenAPI: Sendable {
    /// The API's name.
    public var title: String
    /// The API's version (not OpenAPI's).
    public var version: String
    /// One line about the API.
    public var summary: String?
    /// What the API does, in CommonMark.
    public var description: String?
    /// The base URLs the API is served at; none means the document's own origin.
    public var servers: [String]
    /// Where the routes are: `<path>/openapi.json`, `<path>/openapi.yaml` and the page at
    /// `<path>`.
    public var path: String
    /// The documentation page; `nil` serves none.
    public var page: DocumentationPage?
    /// Whether `<path>/openapi.yaml` is served beside the JSON.
    public var servesYAML: Bool
    /// The policies of the router the routes are on: a guard, headers, cache-control.
    public var policy: LayerPolicy

    /// A document configuration; every argument is optional.
    public init(title: String = "API", version: String = "1.0.0", summary: String? = nil, description: String? = nil,
                servers: [String] = [], path: String = "/schema", page: DocumentationPage? = .swaggerUI,
                servesYAML: Bool = true, policy: LayerPolicy = LayerPolicy()) {
        self.title = title
        self.version = version
        self.summary = summary
        self.description = description
        self.servers = servers
        self.path = path
        self.page = page
        self.servesYAML = servesYAML
        self.policy = policy
    }

    /// The router serving `document` and its page.
    /// The router serving `document`, whose JSON is `json`, and its page.
    func router(serving document: JSONValue, json: [UInt8]) -> Router {
        // The JSON is what clients and tools fetch, written at build; the YAML when first
        // asked for.
        let yaml = OnceComputed { YAMLWriter.document(document) }
        let base = path.hasSuffix("/") ? String(path.dropLast()) : path
        var routes: [any RouteComponent] = [
            Get("/openapi.json") { _ in
                var response = Response(body: json)
                response.mediaType = .json
                return response
            },
        ]
        if servesYAML {
            routes.append(Get("/openapi.yaml") { _ in Response(text: yaml.value, mediaType: MediaType(type: "application", subtype: "yaml")) })
        }
        if let page {
            let html = page.html(title: title, documentURL: base + "/openapi.json")
            routes.append(Get("") { _ in Response(text: html, mediaType: .html) })
        }
        var router = Router(path, routes: routes)
        router.policy = policy
        return router.excludedFromSchema()
    }
}
