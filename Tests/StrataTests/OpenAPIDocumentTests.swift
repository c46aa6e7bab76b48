import Foundation
import Strata
import StrataTesting
import Testing

struct Memo: Codable, Sendable, Validatable {
    var text: String
    func validate(_ validator: inout Validator) {
        validator.check("text", text, .length(1...280))
    }
}

struct MemoQuery: Codable, Sendable, Validatable {
    var page: Int?
    var size: Int?
    var priority: Priority?
    func validate(_ validator: inout Validator) {
        validator.check("size", size, .range(1...50))
    }
}

enum Priority: String, Codable, Sendable, CaseIterable, ParameterValue { case low, high }

@Suite("The OpenAPI document of an app")
struct OpenAPIDocumentTests {
    static let signedIn = Guard("signed in", refuses: [.unauthorized]) { request in
        guard request.headers["Authorization"] != nil else { throw HTTPError(.unauthorized) }
    }

    static let app = App(openAPI: OpenAPI(title: "Memos", version: "2.0.0", summary: "Short notes.", servers: ["https://memos.example"]), routes: [
        Router("/memos", routes: [
            Get("/{id:int}", .path("id", as: Int.self)) { _, id in Memo(text: "\(id)") }
                .named("memo")
                .documented(summary: "Get a memo"),
            Post("", .body(Memo.self, accepting: [.json])) { _, memo in memo }
                .documentedResponse(.conflict, "A memo with this text exists."),
            Delete("/{id:int}") { _ in }
                .documented(deprecated: true),
        ])
        .documented(tags: ["memos"])
        .guards(signedIn)
        .security(.bearer(format: "JWT"), .apiKey(header: "X-API-Key"))
        .headers(["X-Layer": "memos"])
        .cookies([Cookie("seen", "1")])
        .documentedHeader(DocumentedHeader("X-Request-ID", description: "Set by the proxy.", isRequired: true))
        .documentedCookie(DocumentedCookie("route", description: "Set by the load balancer.")),
        Get("/pages", .query(MemoQuery.self)) { _, query in
            ClassicPagination(items: [Memo(text: "a")], pageSize: query.size ?? 10, currentPage: query.page ?? 1, totalPages: 1)
        },
        Post("/inbox", .body(Memo.self)) { _, _ in },
        Get("/download") { _ in File("/etc/hostname") },
        Get("/search", .query("q"), .query("limit", as: Int.self, default: 10), .header("X-Priority", as: Priority.self),
            .cookie("theme", as: String?.self)) { _, q, limit, level, theme in "\(q) \(limit) \(level) \(theme ?? "")" },
        Get("/items/{id:uuid}/{rest:path}") { _ in [UInt8]() },
        Get("/old", status: .movedPermanently) { _ in Redirect(to: "/new") },
        Get("/feed") { _ in ServerSentEvents(data: ["a"].async) },
        Get("/hidden") { _ in "not in the document" }.excludedFromSchema(),
    ])

    static func document() throws -> JSONValue {
        try #require(try app.build().openAPIDocument).json
    }

    static func member(_ value: JSONValue, _ path: String...) -> JSONValue? {
        var current: JSONValue? = value
        for key in path {
            guard case .object(let members)? = current else { return nil }
            current = members[key]
        }
        return current
    }

    static let layered = ##"""
        {"Set-Cookie":{"description":"Sets the cookies `seen`, `route` (Set by the load balancer.).","schema":{"type":"string"}},
         "X-Layer":{"required":true,"schema":{"const":"memos","type":"string"}},
         "X-Request-ID":{"description":"Set by the proxy.","required":true,"schema":{"type":"string"}}}
        """##
    static let problem = ##"{"application/problem+json":{"schema":{"$ref":"#/components/schemas/ProblemDetails"}}}"##
    static let validationProblem = ##"{"application/problem+json":{"schema":{"$ref":"#/components/schemas/ValidationProblem"}}}"##
    static let security = ##"[{"bearer":[]},{"apiKey":[]}]"##

    @Test func theDocumentDescribesTheAPIAndItsSchemes() throws {
        let document = try Self.document()
        #expect(try Self.member(document, "openapi") == json(##""3.1.0""##))
        #expect(try Self.member(document, "info") == json(##"{"title":"Memos","version":"2.0.0","summary":"Short notes."}"##))
        #expect(try Self.member(document, "servers") == json(##"[{"url":"https://memos.example"}]"##))
        #expect(try Self.member(document, "tags") == json(##"[{"name":"memos"}]"##))
        #expect(try Self.member(document, "components", "securitySchemes") == json(##"""
            {"apiKey":{"in":"header","name":"X-API-Key","type":"apiKey"},"bearer":{"bearerFormat":"JWT","scheme":"bearer","type":"http"}}
            """##))
        guard case .object(let paths)? = Self.member(document, "paths") else { Issue.record("no paths"); return }
        // Left out: the route that asks to be, and the document's own routes.
        #expect(paths.keys.sorted() == ["/download", "/feed", "/inbox", "/items/{id}/{rest}", "/memos", "/memos/{id}", "/old", "/pages", "/search"])
    }

    @Test func aTypedBodyIsARequestBodyAndItsErrorsAreListed() throws {
        #expect(try Self.member(Self.document(), "paths", "/memos", "post") == json(##"""
            {"operationId":"post_memos","tags":["memos"],"security":\##(Self.security),
             "requestBody":{"required":true,"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Memo"}}}},
             "responses":{
               "201":{"description":"Created","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Memo"}}},"headers":\##(Self.layered)},
               "400":{"description":"Bad Request: an input is missing or does not decode; `errors` lists each.","content":\##(Self.validationProblem)},
               "401":{"description":"Unauthorized: refused by a guard (signed in).","content":\##(Self.problem)},
               "409":{"description":"A memo with this text exists.","content":\##(Self.problem)},
               "413":{"description":"Content Too Large: the content is over 10000000 bytes.","content":\##(Self.problem)},
               "415":{"description":"Unsupported Media Type: the Content-Type is missing or not one the operation accepts.","content":\##(Self.problem)},
               "422":{"description":"Unprocessable Content: inputs decode but break their rules; `errors` lists each.","content":\##(Self.validationProblem)}}}
            """##))
    }

    @Test func pathParametersAreTypedAndMissingOnesAre404() throws {
        #expect(try Self.member(Self.document(), "paths", "/memos/{id}", "get") == json(##"""
            {"operationId":"memo","summary":"Get a memo","tags":["memos"],"security":\##(Self.security),
             "parameters":[{"in":"path","name":"id","required":true,"schema":{"format":"int64","type":"integer"}}],
             "responses":{
               "200":{"description":"OK","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Memo"}}},"headers":\##(Self.layered)},
               "401":{"description":"Unauthorized: refused by a guard (signed in).","content":\##(Self.problem)},
               "404":{"description":"Not Found: no resource has these path parameters.","content":\##(Self.problem)}}}
            """##))
        #expect(try Self.member(Self.document(), "paths", "/items/{id}/{rest}", "get") == json(##"""
            {"operationId":"get_items_by_id_by_rest",
             "parameters":[{"in":"path","name":"id","required":true,"schema":{"format":"uuid","type":"string"}},
                           {"in":"path","name":"rest","required":true,"schema":{"type":"string"}}],
             "responses":{"200":{"description":"OK","content":{"application/octet-stream":{}}},
                          "404":{"description":"Not Found: no resource has these path parameters.","content":\##(Self.problem)}}}
            """##))
    }

    @Test func deprecationAndEmptyResponses() throws {
        #expect(try Self.member(Self.document(), "paths", "/memos/{id}", "delete") == json(##"""
            {"operationId":"delete_memos_by_id","deprecated":true,"tags":["memos"],"security":\##(Self.security),
             "parameters":[{"in":"path","name":"id","required":true,"schema":{"format":"int64","type":"integer"}}],
             "responses":{
               "204":{"description":"No Content","headers":\##(Self.layered)},
               "401":{"description":"Unauthorized: refused by a guard (signed in).","content":\##(Self.problem)},
               "404":{"description":"Not Found: no resource has these path parameters.","content":\##(Self.problem)}}}
            """##))
    }

    /// The refusals the batteries add before a handler runs are documented with the route:
    /// a rate limit's 429 and its fields, CSRF's 403, a streamed body's 413.
    @Test func refusalsOfRateLimitsCSRFAndStreamedBodiesAreDocumented() throws {
        let app = App(routes: [
            Post("/login") { _ in "hi" }.rateLimit(RateLimit(10, per: .seconds(60))),
            Post("/upload") { request in request.body.count }.streamingRequestBody(),
        ]).csrf()
        let document = try #require(try app.build().openAPIDocument).json
        let login = try #require(Self.member(document, "paths", "/login", "post", "responses"))
        #expect(Self.member(login, "429", "description") == .string("Too Many Requests: over 10 requests in 60.0 seconds for this client."))
        #expect(Self.member(login, "429", "headers", "Retry-After", "schema", "type") == .string("integer"))
        #expect(Self.member(login, "403", "description") == .string("Forbidden: a browser reports the request came from another site's page (CSRF)."))
        let upload = try #require(Self.member(document, "paths", "/upload", "post", "responses"))
        #expect(Self.member(upload, "413", "description") == .string("Content Too Large: the content is over 10000000 bytes."))
        #expect(Self.member(upload, "429") == nil)
    }

    @Test func queryHeaderAndCookieParametersWithDefaults() throws {
        #expect(try Self.member(Self.document(), "paths", "/search", "get") == json(##"""
            {"operationId":"get_search",
             "parameters":[{"in":"query","name":"q","required":true,"schema":{"type":"string"}},
                           {"in":"query","name":"limit","schema":{"default":10,"format":"int64","type":"integer"}},
                           {"in":"header","name":"X-Priority","required":true,"schema":{"$ref":"#/components/schemas/Priority"}},
                           {"in":"cookie","name":"theme","schema":{"type":"string"}}],
             "responses":{"200":{"description":"OK","content":{"text/plain":{"schema":{"type":"string"}}}},
                          "400":{"description":"Bad Request: an input is missing or does not decode; `errors` lists each.","content":\##(Self.validationProblem)}}}
            """##))
    }

    @Test func aQueryTypeIsOneParameterPerPropertyAndPagesDescribeTheirItems() throws {
        #expect(try Self.member(Self.document(), "paths", "/pages", "get") == json(##"""
            {"operationId":"get_pages",
             "parameters":[{"in":"query","name":"page","schema":{"format":"int64","type":"integer"}},
                           {"in":"query","name":"priority","schema":{"$ref":"#/components/schemas/Priority"}},
                           {"in":"query","name":"size","schema":{"format":"int64","maximum":50,"minimum":1,"type":"integer"}}],
             "responses":{"200":{"description":"OK","content":{"application/json":{"schema":{"$ref":"#/components/schemas/ClassicPagination_Memo"}}}},
                          "400":{"description":"Bad Request: an input is missing or does not decode; `errors` lists each.","content":\##(Self.validationProblem)},
                          "422":{"description":"Unprocessable Content: inputs decode but break their rules; `errors` lists each.","content":\##(Self.validationProblem)}}}
            """##))
        #expect(try Self.member(Self.document(), "components", "schemas", "ClassicPagination_Memo", "properties", "items")
            == json(##"{"type":"array","items":{"$ref":"#/components/schemas/Memo"}}"##))
    }

    @Test func aBodyAcceptsEveryDecodableMediaTypeByDefault() throws {
        #expect(try Self.member(Self.document(), "paths", "/inbox", "post", "requestBody") == json(##"""
            {"required":true,"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Memo"}},
             "application/x-www-form-urlencoded":{"schema":{"$ref":"#/components/schemas/Memo"}},
             "application/msgpack":{"schema":{"$ref":"#/components/schemas/Memo"}}}}
            """##))
        #expect(try Self.member(Self.document(), "paths", "/inbox", "post", "responses", "201") == json(##"{"description":"Created"}"##))
    }

    @Test func filesAreAnyMediaTypeUnlessTheRouteNamesOne() throws {
        #expect(try Self.member(Self.document(), "paths", "/download", "get", "responses") == json(##"""
            {"200":{"description":"OK","content":{"*/*":{}}},
             "206":{"description":"Partial Content: the ranges asked for.","content":{"*/*":{},"multipart/byteranges":{}}},
             "304":{"description":"Not Modified: the client's copy is current."},
             "404":{"description":"Not Found: the file does not exist.","content":{"application/problem+json":{}}},
             "412":{"description":"Precondition Failed: an If-Match or If-Unmodified-Since does not hold.","content":{"application/problem+json":{}}},
             "416":{"description":"Range Not Satisfiable.","content":{"application/problem+json":{}}}}
            """##))
    }

    /// Also writes the document where `STRATA_OPENAPI_OUT` says, for `Scripts/openapi.sh`,
    /// which checks it with openapi-spec-validator.
    @Test func everyTypeIsDescribedExactly() throws {
        let document = try #require(try Self.app.build().openAPIDocument)
        #expect(document.warnings.isEmpty)
        if let path = ProcessInfo.processInfo.environment["STRATA_OPENAPI_OUT"] {
            try document.jsonText.write(toFile: path, atomically: true, encoding: .utf8)
        }
    }

    @Test func redirectsAndEventStreams() throws {
        #expect(try Self.member(Self.document(), "paths", "/old", "get") == json(##"""
            {"operationId":"get_old","responses":{"301":{"description":"Moved Permanently",
             "headers":{"Location":{"description":"Where the resource is.","required":true,"schema":{"format":"uri-reference","type":"string"}}}}}}
            """##))
        #expect(try Self.member(Self.document(), "paths", "/feed", "get") == json(##"""
            {"operationId":"get_feed","responses":{"200":{"description":"OK","content":{"text/event-stream":{"schema":{"type":"string"}}}}}}
            """##))
    }

    @Test func theDocumentAndItsPageAreServedOnOrdinaryRoutes() async throws {
        let client = try TestClient(Self.app)
        let document = try #require(try Self.app.build().openAPIDocument)
        let json = try await client.get("/schema/openapi.json")
        #expect(json.status == .ok)
        #expect(json.headers["Content-Type"] == "application/json")
        #expect(json.text == document.jsonText)
        let yaml = try await client.get("/schema/openapi.yaml")
        #expect(yaml.headers["Content-Type"]?.hasPrefix("application/yaml") == true)
        #expect(yaml.text == document.yamlText)
        let page = try await client.get("/schema")
        #expect(page.headers["Content-Type"]?.hasPrefix("text/html") == true)
        #expect(page.text.contains(##"SwaggerUIBundle({ url: "/schema/openapi.json""##))
        #expect(page.text.contains("https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js"))
    }

    @Test func theRoutesTakeTheAppsPoliciesAndTheirOwn() async throws {
        let guarded = App(openAPI: OpenAPI(path: "/docs", page: .redoc(script: "/assets/redoc.js"), servesYAML: false,
                                           policy: LayerPolicy(headers: ["X-Docs": "1"], guards: [Self.signedIn])), routes: [
            Get("/") { _ in "home" },
        ])
        .headers(["X-App": "1"])
        let client = try TestClient(guarded)
        #expect(try await client.get("/docs/openapi.json").status == .unauthorized)
        let json = try await client.get("/docs/openapi.json", headers: ["Authorization": "Bearer x"])
        #expect(json.status == .ok)
        #expect(json.headers["X-Docs"] == "1")
        #expect(json.headers["X-App"] == "1")
        #expect(try await client.get("/docs/openapi.yaml", headers: ["Authorization": "Bearer x"]).status == .notFound)
        let page = try await client.get("/docs", headers: ["Authorization": "Bearer x"]).text
        #expect(page.contains(##"<redoc spec-url="/docs/openapi.json"></redoc>"##))
        #expect(page.contains(##"<script src="/assets/redoc.js" crossorigin></script>"##))
    }

    @Test func layerParametersAndThoseOfDependenciesAreParameters() throws {
        let app = App(routes: [
            Router("/tenants", routes: [
                Get("/current", .dependency(String.self, name: "tenant")) { _, tenant in tenant },
            ])
            .parameter(.header("X-API-Key"))
            .dependency(String.self, name: "tenant", using: .header("X-Tenant"), .query("region", default: "eu")) { _, tenant, region in
                "\(tenant)@\(region)"
            },
            // Content-Type, Accept and Authorization are not parameters in OpenAPI.
            Get("/echo", .header("Accept"), .header("Authorization", default: "")) { _, accept, _ in accept },
        ])
        let document = try #require(try app.build().openAPIDocument).json
        #expect(try Self.member(document, "paths", "/tenants/current", "get", "parameters") == json(##"""
            [{"in":"header","name":"X-Tenant","required":true,"schema":{"type":"string"}},
             {"in":"query","name":"region","schema":{"default":"eu","type":"string"}},
             {"in":"header","name":"X-API-Key","required":true,"schema":{"type":"string"}}]
            """##))
        #expect(Self.member(document, "paths", "/echo", "get", "parameters") == nil)
    }

    @Test func theCommandLinePrintsOnlyAKnownFormatOfADocumentThatExists() async throws {
        await #expect(throws: (any Error).self) { try await Self.app.run(arguments: ["--openapi=xml"]) }
        await #expect(throws: (any Error).self) { try await App(openAPI: nil, routes: []).run(arguments: ["--openapi"]) }
    }

    @Test func anAppWithoutADocumentServesNoneAndBuildsNone() async throws {
        let app = App(openAPI: nil, routes: [Get("/") { _ in "home" }])
        #expect(try app.build().openAPIDocument == nil)
        #expect(try await TestClient(app).get("/schema/openapi.json").status == .notFound)
    }

    @Test func aRouteOnTheDocumentsPathIsABuildError() throws {
        let app = App(routes: [Get("/schema/openapi.json") { _ in "mine" }])
        #expect(throws: AppBuildError.self) { try app.build() }
    }

    @Test func theTitleIsEscapedInThePage() throws {
        let html = DocumentationPage.scalar.html(title: "<Memos & \"co\">", documentURL: "/a\"b")
        #expect(html.contains("<title>&lt;Memos &amp; &quot;co&quot;&gt;</title>"))
        #expect(html.contains(##"data-url="/a&quot;b""##))
        let swagger = DocumentationPage.swaggerUI.html(title: "Memos", documentURL: "/x</script>\u{2028}")
        #expect(swagger.contains(##"url: "/x\u003c/script>\u2028""##))
    }
}
