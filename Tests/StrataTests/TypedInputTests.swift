import Foundation
import Strata
import StrataTesting
import Synchronization
import Testing

struct NewBook: Codable, Sendable, Validatable {
    enum Genre: String, Codable, Sendable, CaseIterable { case novel, poetry }
    var title: String
    var year: Int
    var genre: Genre
    var isbn: String?
    var tags: [String] = []

    func validate(_ validator: inout Validator) {
        validator.check("title", title, .length(1...20))
        validator.check("year", year, .range(1450...2100))
        validator.check("isbn", isbn, .pattern("^[0-9-]{10,17}$"))
        validator.check("tags", tags, .count(...2))
    }
}

struct Page: Codable, Sendable, Validatable {
    var page: Int
    var size: Int?

    func validate(_ validator: inout Validator) {
        validator.check("size", size, .range(1...100))
    }
}

/// Problems as the client reads them.
func issues(_ response: TestResponse) throws -> [FieldIssue] {
    let problem = try response.json(ProblemDetails.self)
    guard case .array(let list)? = problem.extensions["errors"] else { return [] }
    return list.compactMap { value in
        guard case .object(let members) = value, case .string(let location)? = members["location"],
              case .string(let field)? = members["field"], case .string(let message)? = members["message"],
              let place = FieldIssue.Location(rawValue: location) else { return nil }
        return FieldIssue(place, field: field, message: message)
    }
}

@Suite("Typed inputs")
struct TypedInputTests {
    static let app = App(routes: [
        Post("/books", .body(NewBook.self)) { _, book in book },
        Get("/books", .query(Page.self), .header("X-Tenant"), .cookie("theme", as: String?.self)) { _, page, tenant, theme in
            "\(page.page) \(page.size ?? 10) \(tenant) \(theme ?? "none")"
        },
        Get("/books/{id:int}", .path("id", as: Int.self), .header("X-Limit", as: Int.self, default: 5)) { _, id, limit in "\(id) \(limit)" },
        Post("/json-only", .body([String: Int].self, accepting: [.json])) { _, value in value },
    ])

    @Test func aValidBodyDecodesByContentType() async throws {
        let client = try TestClient(Self.app)
        let book = NewBook(title: "Dune", year: 1965, genre: .novel, isbn: "978-0441013593")
        #expect(try await client.post("/books", body: .json(book)).json(NewBook.self).title == "Dune")
        #expect(try await client.post("/books", body: .messagePack(book)).json(NewBook.self).year == 1965)
        let form = try await client.post("/books", body: .form([("title", "Dune"), ("year", "1965"), ("genre", "novel")]))
        #expect(form.status == .created)
        #expect(try form.json(NewBook.self).genre == .novel)
    }

    @Test func everyFieldThatDoesNotDecodeIsListedInOne400() async throws {
        let response = try await TestClient(Self.app).post("/books", body: .text(#"{"title": 5, "genre": "opera", "tags": ["a", 7, "b", false]}"#, contentType: "application/json"))
        #expect(response.status == .badRequest)
        #expect(response.headers["Content-Type"] == "application/problem+json")
        #expect(try issues(response) == [
            FieldIssue(.body, field: "title", message: "must be a string"),
            FieldIssue(.body, field: "year", message: "is required"),
            FieldIssue(.body, field: "genre", message: "has an invalid value"),
            FieldIssue(.body, field: "tags[1]", message: "must be a string"),
            FieldIssue(.body, field: "tags[3]", message: "must be a string"),
        ])
        #expect(try response.json(ProblemDetails.self).detail == "5 inputs are invalid.")
    }

    @Test func formAndMessagePackBodiesCollectEveryErrorToo() async throws {
        let client = try TestClient(Self.app)
        let form = try await client.post("/books", body: .form([("year", "soon"), ("genre", "novel")]))
        #expect(try issues(form) == [
            FieldIssue(.body, field: "title", message: "is required"),
            FieldIssue(.body, field: "year", message: "must be an integer"),
        ])
        let packed = try await client.post("/books", body: .messagePack(["title": "x", "year": "y", "genre": "z"]))
        // The synthesized decoder has no defaults: `tags` is required in every format but forms,
        // where a missing list is an empty one.
        #expect(try issues(packed).map(\.field) == ["year", "genre", "tags"])
    }

    @Test func rulesAreCheckedOnceValuesDecodeAnd422ListsEachBrokenOne() async throws {
        let book = NewBook(title: "", year: 3000, genre: .poetry, isbn: "abc", tags: ["a", "b", "c"])
        let response = try await TestClient(Self.app).post("/books", body: .json(book))
        #expect(response.status == .unprocessableContent)
        #expect(try issues(response) == [
            FieldIssue(.body, field: "title", message: "must have 1 to 20 characters"),
            FieldIssue(.body, field: "year", message: "must be between 1450 and 2100"),
            FieldIssue(.body, field: "isbn", message: "must match ^[0-9-]{10,17}$"),
            FieldIssue(.body, field: "tags", message: "must have at most 2 items"),
        ])
    }

    @Test func queryHeaderAndCookieIssuesAreCollectedTogether() async throws {
        let client = try TestClient(Self.app)
        let fine = try await client.get("/books?page=2", headers: ["X-Tenant": "acme", "Cookie": "theme=dark"])
        #expect(fine.text == "2 10 acme dark")
        #expect(try await client.get("/books?page=1", headers: ["X-Tenant": "acme"]).text == "1 10 acme none")
        let bad = try await client.get("/books?page=x&size=500")
        #expect(bad.status == .badRequest)
        #expect(try issues(bad) == [
            FieldIssue(.query, field: "page", message: "must be an integer"),
            FieldIssue(.header, field: "X-Tenant", message: "is required"),
        ])
        let rule = try await client.get("/books?page=1&size=500", headers: ["X-Tenant": "acme"])
        #expect(rule.status == .unprocessableContent)
        #expect(try issues(rule) == [FieldIssue(.query, field: "size", message: "must be between 1 and 100")])
    }

    @Test func pathParametersAndDefaults() async throws {
        let client = try TestClient(Self.app)
        #expect(try await client.get("/books/7").text == "7 5")
        #expect(try await client.get("/books/7", headers: ["X-Limit": "9"]).text == "7 9")
        let bad = try await client.get("/books/7", headers: ["X-Limit": "many"])
        #expect(try issues(bad) == [FieldIssue(.header, field: "X-Limit", message: "must be an integer")])
    }

    @Test func aMissingOrWrongContentTypeIs415NamingWhatTheRouteAccepts() async throws {
        let client = try TestClient(Self.app)
        let missing = try await client.post("/books", body: .bytes(Array("{}".utf8)))
        #expect(missing.status == .unsupportedMediaType)
        #expect(try missing.json(ProblemDetails.self).detail == "The request has no Content-Type; send one of: application/json, application/x-www-form-urlencoded, application/msgpack.")
        let wrong = try await client.post("/json-only", body: .form([("a", "1")]))
        #expect(wrong.status == .unsupportedMediaType)
        #expect(try wrong.json(ProblemDetails.self).detail == "Content-Type application/x-www-form-urlencoded is not accepted here; send one of: application/json.")
        #expect(try await client.post("/json-only", body: .text(#"{"a":1}"#, contentType: "application/vnd.api+json")).text == #"{"a":1}"#)
    }

    @Test func tenThousandBadFieldsAnswerWithACappedList() async throws {
        let app = App(routes: [Post("/numbers", .body([Int].self)) { _, numbers in numbers.count }])
        let body = "[" + Array(repeating: "\"x\"", count: 10_000).joined(separator: ",") + "]"
        let response = try await TestClient(app).post("/numbers", body: .text(body, contentType: "application/json"))
        #expect(response.status == .badRequest)
        let problem = try response.json(ProblemDetails.self)
        #expect(try issues(response).count == ValidationError.listedIssueLimit)
        #expect(problem.extensions["omittedErrors"] == .int(10_000 - ValidationError.listedIssueLimit))
        #expect(problem.detail == "10000 inputs are invalid. The first 100 are listed; 9900 more are not.")
    }

    @Test func deeplyNestedOrHugeBodiesKeepTheirLimits() async throws {
        final class Node: Codable, Sendable {
            let children: [Node]
        }
        let app = App(routes: [
            Post("/tree", .body(Node.self)) { _, node in node.children.count },
            Post("/small", .body([Int].self)) { _, numbers in numbers.count }.requestBodyLimit(1024),
        ])
        let client = try TestClient(app)
        let deep = String(repeating: #"{"children":["#, count: 10_000) + String(repeating: "]}", count: 10_000)
        let nested = try await client.post("/tree", body: .text(deep, contentType: "application/json"))
        #expect(nested.status == .badRequest)
        #expect(try issues(nested) == [FieldIssue(.body, field: "", message: "is not well-formed")])
        let huge = "[" + Array(repeating: "1", count: 1000).joined(separator: ",") + "]"
        #expect(try await client.post("/small", body: .text(huge, contentType: "application/json")).status == .contentTooLarge)
    }

    @Test func malformedJSONIsOneIssueForTheWholeBody() async throws {
        let response = try await TestClient(Self.app).post("/books", body: .text("{\"title\":", contentType: "application/json"))
        #expect(try issues(response) == [FieldIssue(.body, field: "", message: "is not well-formed")])
    }

    @Test func validationErrorsAreFinalizedUnderTheRoutesLayers() async throws {
        let app = App(routes: [
            Router("/api", routes: [Post("/books", .body(NewBook.self)) { _, book in book }])
                .headers(["X-API": "1"]).cookie(Cookie("seen", "1")).cacheControl(CacheControl(maxAge: 60)),
        ])
        let response = try await TestClient(app).post("/api/books", body: .text("{}", contentType: "application/json"))
        #expect(response.status == .badRequest)
        #expect(response.headers.values(for: "X-API") == ["1"])
        #expect(response.cookie("seen")?.value == "1")
        #expect(response.headers.values(for: "Cache-Control") == ["no-store"])
    }
}

protocol Salutation: Sendable { var text: String { get } }
struct EnglishSalutation: Salutation { let text = "hello" }

@Suite("Dependencies")
struct DependencyTests {
    actor Store {
        var books: [String] = []
        func add(_ title: String) { books.append(title) }
    }

    @Test func eachIsComputedOnceAndOnlyWhenUsed() async throws {
        let calls = Counter()
        let app = App(routes: [
            Get("/twice", .dependency(Int.self), .dependency(String.self)) { _, number, text in "\(number) \(text)" },
            Get("/none") { _ in "none" },
        ])
        .dependency(Int.self) { _ in calls.add("int"); return 7 }
        .dependency(String.self, using: .dependency(Int.self)) { _, number in calls.add("string"); return "from \(number)" }
        .dependency(Double.self) { _ in calls.add("double"); return 1 }
        let client = try TestClient(app)
        #expect(try await client.get("/twice").text == "7 from 7")
        #expect(calls.values == ["int", "string"])
        #expect(try await client.get("/none").text == "none")
        #expect(calls.values == ["int", "string"])
    }

    @Test func cleanupsRunAfterTheResponseEvenWhenTheHandlerThrows() async throws {
        let log = Counter()
        let app = App(routes: [
            Get("/ok", .dependency(String.self, name: "a"), .dependency(String.self, name: "b")) { _, a, b in log.add("handler"); return a + b },
            Get("/fails", .dependency(String.self, name: "a")) { _, _ -> String in
                log.add("handler")
                throw HTTPError(.conflict)
            },
        ])
        .dependency(String.self, name: "a") { _ in log.add("open a"); return Provided("a") { log.add("close a") } }
        .dependency(String.self, name: "b") { _ in log.add("open b"); return Provided("b") { log.add("close b") } }
        let client = try TestClient(app)
        #expect(try await client.get("/ok").text == "ab")
        #expect(log.values == ["open a", "open b", "handler", "close b", "close a"])
        let failed = try await client.get("/fails")
        #expect(failed.status == .conflict)
        #expect(log.values.suffix(3) == ["open a", "handler", "close a"])
    }

    @Test func aFailingCleanupIsReported() async throws {
        let reports = Counter()
        let app = App(reportError: { reports.add($0.source.description) }, routes: [
            Get("/", .dependency(Int.self)) { _, value in value },
        ]).dependency(Int.self) { _ in Provided(1) { throw HTTPError(.internalServerError) } }
        #expect(try await TestClient(app).get("/").text == "1")
        #expect(reports.values == ["cleanup of dependency Int"])
    }

    @Test func anInvalidRequestNeverRunsAProvider() async throws {
        let calls = Counter()
        let app = App(routes: [
            Post("/", .dependency(Int.self), .body(Page.self)) { _, _, page in page.page },
        ]).dependency(Int.self) { _ in calls.add("int"); return 1 }
        let response = try await TestClient(app).post("/", body: .json(["page": "x"]))
        #expect(response.status == .badRequest)
        #expect(calls.values.isEmpty)
    }

    @Test func aMissingProviderOrACycleFailsTheBuildNamingTheRoute() throws {
        let missing = App(routes: [Get("/books", .dependency(Store.self)) { _, _ in "x" }])
        #expect(buildProblems(missing) == ["GET /books: needs the dependency Store, which no enclosing layer provides"])
        let cycle = App(routes: [Get("/x", .dependency(Int.self)) { _, value in value }])
            .dependency(Int.self, using: .dependency(String.self)) { _, text in text.count }
            .dependency(String.self, using: .dependency(Int.self)) { _, number in "\(number)" }
        #expect(buildProblems(cycle) == ["GET /x: has a dependency cycle: Int → String → Int"])
        let unprovided = App(routes: [Get("/y", .dependency(Int.self)) { _, value in value }])
            .dependency(Int.self, using: .dependency(String.self, name: "token")) { _, text in text.count }
        #expect(buildProblems(unprovided) == [#"GET /y: needs the dependency String named "token" (for Int), which no enclosing layer provides"#])
        let path = App(routes: [Get("/z", .path("id", as: Int.self)) { _, id in id }])
        #expect(buildProblems(path) == [#"GET /z: takes the path parameter "id", which the path template does not declare"#])
    }

    @Test func aProviderSeesTheRequestAndTheInnermostProviderWins() async throws {
        let store = Store()
        let app = App(routes: [
            Router("/api", routes: [
                Post("/books", .dependency(Store.self), .header("X-Title")) { _, store, title in
                    await store.add(title)
                    return await store.books
                },
            ]).dependency(Store.self) { _ in store },
        ]).dependency(Store.self) { _ in Store() }
        #expect(try await TestClient(app).post("/api/books", headers: ["X-Title": "Emma"]).json([String].self) == ["Emma"])
    }

    @Test func guardsAndProvidersThatAwaitAreAwaited() async throws {
        let app = App(routes: [
            Get("/", .dependency(Int.self), .context(Trail.self)) { _, value, trail in "\(value) \(trail.joined())" }
                .guarded("slow") { request in
                    try await Task.sleep(for: .milliseconds(1))
                    request.context.mark("guarded")
                },
        ]).dependency(Int.self) { _ in
            try await Task.sleep(for: .milliseconds(1))
            return 5
        }
        #expect(try await TestClient(app).get("/").text == "5 guarded")
    }

    /// Synchronous providers are called without an async step — with a body, with context
    /// values, and with more dependencies than the scope keeps inline (four).
    @Test func synchronousProvidersServeEveryShapeOfInputs() async throws {
        enum User: ContextKey { typealias Value = String }
        let calls = Counter()
        func provide(_ name: String, _ value: Int) -> @Sendable (Request) -> Int {
            { _ in calls.add(name); return value }
        }
        let six = Get("/six", .dependency(Int.self, name: "a"), .dependency(Int.self, name: "b"), .dependency(Int.self, name: "c"),
                      .dependency(Int.self, name: "d"), .dependency(Int.self, name: "e"), .dependency(Int.self, name: "f"),
                      .context(User.self)) { _, a, b, c, d, e, f, user in "\(user) \([a, b, c, d, e, f])" }
            .guarded("user") { request in request.context[User.self] = "ada" }
        let app = App(routes: [
            six,
            Post("/page", .body(Page.self), .dependency(Int.self, name: "f")) { _, page, f in page.page * f },
        ])
        .dependency(Int.self, name: "a", provide: provide("a", 1)).dependency(Int.self, name: "b", provide: provide("b", 2))
        .dependency(Int.self, name: "c", provide: provide("c", 3)).dependency(Int.self, name: "d", provide: provide("d", 4))
        .dependency(Int.self, name: "e", provide: provide("e", 5)).dependency(Int.self, name: "f", provide: provide("f", 6))
        let client = try TestClient(app)
        #expect(try await client.get("/six").text == "ada [1, 2, 3, 4, 5, 6]")
        #expect(calls.values == ["a", "b", "c", "d", "e", "f"])
        #expect(try await client.post("/page", body: .json(["page": 7])).text == "42")
        #expect(calls.values.last == "f" && calls.values.count == 7)
    }

    /// A value reaches its input as the type the input declares, whatever its shape: a protocol
    /// existential (whose values are of other, concrete types), an optional that is `nil`, a
    /// class instance (the same one) — on the path without a body, the path with one, and as
    /// a provider's own input.
    @Test func valuesOfEveryShapeReachTheirInputsAsDeclared() async throws {
        let shared = Store()
        let app = App(routes: [
            Get("/plain", .dependency((any Salutation).self), .dependency(Int?.self), .dependency(Store.self)) { _, greeting, missing, store in
                "\(greeting.text) \(missing == nil) \(store === shared)"
            },
            Post("/body", .body(Page.self), .dependency((any Salutation).self), .dependency(Store.self)) { _, page, greeting, store in
                "\(page.page) \(greeting.text) \(store === shared)"
            },
            Get("/derived", .dependency(String.self)) { _, text in text },
        ])
        .dependency((any Salutation).self) { _ in EnglishSalutation() }
        .dependency(Int?.self) { _ in nil }
        .dependency(Store.self) { _ in shared }
        .dependency(String.self, using: .dependency((any Salutation).self)) { _, greeting in greeting.text + "!" }
        let client = try TestClient(app)
        #expect(try await client.get("/plain").text == "hello true true")
        #expect(try await client.post("/body", body: .json(["page": 3])).text == "3 hello true")
        #expect(try await client.get("/derived").text == "hello!")
    }

    @Test func contextValuesReachTheHandlerAsInputs() async throws {
        enum User: ContextKey { typealias Value = String }
        let app = App(routes: [
            Get("/me", .context(User.self)) { _, user in user }
                .guarded("signed in", refuses: [.unauthorized]) { request in
                    guard let token = request.headers["Authorization"] else { throw HTTPError(.unauthorized) }
                    request.context[User.self] = String(token.dropFirst("Bearer ".count))
                },
        ])
        let client = try TestClient(app)
        #expect(try await client.get("/me", headers: ["Authorization": "Bearer ada"]).text == "ada")
        #expect(try await client.get("/me").status == .unauthorized)
    }
}

@Suite("Collecting every issue: the hard cases")
struct CollectingDecoderTests {
    struct Author: Codable, Sendable { var name: String; var born: Int }
    struct Entry: Codable, Sendable { var author: Author; var items: [Author] }

    final class Chain: Codable, Sendable {
        let value: Int
        let next: Chain?
    }

    /// A type whose stand-in would contain itself without end.
    indirect enum Tree: Decodable, Sendable {
        case leaf(Int)
        case node(Tree, Tree)

        enum CodingKeys: String, CodingKey { case value, left, right }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let value = try container.decodeIfPresent(Int.self, forKey: .value) {
                self = .leaf(value)
            } else {
                self = .node(try container.decode(Tree.self, forKey: .left), try container.decode(Tree.self, forKey: .right))
            }
        }
    }

    static let app = App(routes: [
        Post("/entries", .body(Entry.self)) { _, _ in "ok" },
        Post("/chains", .body(Chain.self)) { _, _ in "ok" },
        Post("/trees", .body(Tree.self)) { _, _ in "ok" },
        Post("/patch", .body([String: Int].self, accepting: [MediaType(type: "application", subtype: "merge-patch+json")])) { _, patch in patch.count },
    ])

    @Test func missingKeysInsideAFieldAreEachReported() async throws {
        let response = try await TestClient(Self.app).post("/entries", body: .text(#"{"author":{},"items":[{},{"name":"x"}]}"#, contentType: "application/json"))
        #expect(try issues(response).map(\.field) == ["author.name", "author.born", "items[0].name", "items[0].born", "items[1].born"])
    }

    @Test func deepFieldsAreReachedWithTheirPaths() async throws {
        var json = #"{"value":"x","next":null}"#
        for _ in 0..<20 { json = #"{"value":1,"next":"# + json + "}" }
        let response = try await TestClient(Self.app).post("/chains", body: .text(json, contentType: "application/json"))
        #expect(try issues(response) == [FieldIssue(.body, field: Array(repeating: "next", count: 20).joined(separator: ".") + ".value", message: "must be an integer")])
    }

    @Test func aTypeWhoseStandInNeverEndsStopsInsteadOfCrashing() async throws {
        let response = try await TestClient(Self.app).post("/trees", body: .text(#"{"left":5}"#, contentType: "application/json"))
        #expect(response.status == .badRequest)
        #expect(try !issues(response).isEmpty)
    }

    @Test func acceptingNamesTheTypesExactly() async throws {
        let client = try TestClient(Self.app)
        #expect(try await client.post("/patch", body: .text(#"{"a":1}"#, contentType: "application/json")).status == .unsupportedMediaType)
        #expect(try await client.post("/patch", body: .text(#"{"a":1}"#, contentType: "application/merge-patch+json")).text == "1")
    }
}

@Suite("Dependencies under a middleware that calls next twice")
struct HedgingDependencyTests {
    @Test func everyProvidedValueIsCleanedUpOnce() async throws {
        let provided = Counter(), cleaned = Counter()
        let app = App(routes: [
            Get("/", .dependency(Int.self)) { _, value in
                try await Task.sleep(for: .milliseconds(5))
                return value
            },
        ])
        .middleware { request, next in
            async let first = next(request)
            async let second = next(request)
            _ = try await second
            return try await first
        }
        .dependency(Int.self) { _ in
            provided.add("provided")
            try await Task.sleep(for: .milliseconds(1))
            return Provided(7) { cleaned.add("cleaned") }
        }
        #expect(try await TestClient(app).get("/").text == "7")
        #expect(cleaned.values.count == provided.values.count)
    }

    /// A retry: the second `next` finds the synchronous dependencies the first computed.
    @Test func aSecondCallFindsTheValuesOfTheFirst() async throws {
        let provided = Counter()
        let app = App(routes: [
            Get("/", .dependency(Int.self), .dependency(String.self)) { _, number, text in "\(number) \(text)" },
        ])
        .middleware { request, next in
            _ = try await next(request)
            return try await next(request)
        }
        .dependency(Int.self) { _ in provided.add("int"); return 7 }
        .dependency(String.self) { _ in provided.add("string"); return "seven" }
        #expect(try await TestClient(app).get("/").text == "7 seven")
        #expect(provided.values == ["int", "string"])
    }
}
