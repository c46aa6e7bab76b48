import Foundation
import Strata
import StrataTesting
import Testing

class LibraryError: Error, @unchecked Sendable {}
final class OverdueError: LibraryError, @unchecked Sendable {}
protocol ShelfError: Error {}
struct ShelfFull: ShelfError {}

@Suite("Exception handlers match by type hierarchy")
struct ExceptionHandlerMatchingTests {
    @Test func aHandlerForABaseClassCatchesSubclasses() async throws {
        let app = App(routes: [
            Get("/overdue") { _ -> String in throw OverdueError() },
            Get("/library") { _ -> String in throw LibraryError() },
        ]).onError(LibraryError.self) { _, error in Response(status: .conflict, text: "library: \(type(of: error))") }
        let client = try TestClient(app)
        #expect(try await client.get("/overdue").text == "library: OverdueError")
        #expect(try await client.get("/library").text == "library: LibraryError")
    }

    @Test func onOneLayerTheMostSpecificTypeWinsWhateverTheOrder() async throws {
        let app = App(routes: [Get("/") { _ -> String in throw OverdueError() }])
            .onError(LibraryError.self) { _, _ in Response(text: "base") }
            .onError(OverdueError.self) { _, _ in Response(text: "exact") }
        #expect(try await TestClient(app).get("/").text == "exact")
    }

    @Test func aHandlerForAProtocolCatchesConformingTypes() async throws {
        let app = App(routes: [Get("/") { _ -> String in throw ShelfFull() }])
            .onError((any ShelfError).self) { _, error in Response(status: .insufficientStorage, text: "\(error)") }
        let response = try await TestClient(app).get("/")
        #expect(response.status == .insufficientStorage)
        #expect(response.text == "ShelfFull()")
    }

    @Test func theInnermostLayerWinsOverAMoreSpecificOuterOne() async throws {
        let app = App(routes: [
            Router("/r", routes: [Get("/") { _ -> String in throw OverdueError() }])
                .onError(LibraryError.self) { _, _ in Response(text: "router base") },
        ]).onError(OverdueError.self) { _, _ in Response(text: "app exact") }
        #expect(try await TestClient(app).get("/r").text == "router base")
    }

    @Test func aStatusHandlerFor405KeepsAllow() async throws {
        let app = App(routes: [Get("/books") { _ in "list" }, Post("/books") { _ in "added" }])
            .onStatus(.methodNotAllowed) { _, _ in Response(status: .methodNotAllowed, text: "no") }
        let response = try await TestClient(app).delete("/books")
        #expect(response.status == .methodNotAllowed)
        #expect(response.text == "no")
        #expect(response.headers["Allow"] == "GET, HEAD, POST, OPTIONS")
    }

    @Test func problemsCarryInstanceTypeAndExtensionMembers() async throws {
        let app = App(routes: [
            Get("/loan") { _ -> String in
                throw HTTPError(.conflict, detail: "Checked out.", instance: "/loans/7", type: "https://example.com/problems/checked-out",
                                extensions: ["dueBack": .string("2026-12-24"), "renewals": .int(2), "status": .int(999)])
            },
        ])
        let response = try await TestClient(app).get("/loan")
        #expect(response.text == #"{"type":"https://example.com/problems/checked-out","title":"Conflict","status":409,"detail":"Checked out.","instance":"/loans/7","dueBack":"2026-12-24","renewals":2}"#)
        let problem = try response.json(ProblemDetails.self)
        #expect(problem.instance == "/loans/7")
        #expect(problem.extensions == ["dueBack": .string("2026-12-24"), "renewals": .int(2)])
    }

    @Test func userErrorsAddTheirOwnMembers() async throws {
        struct Overdrawn: HTTPErrorConvertible {
            var balance: Int
            var httpError: HTTPError { HTTPError(.forbidden, detail: "Not enough credit.", extensions: ["balance": .int(balance)]) }
        }
        let app = App(routes: [Get("/pay") { _ -> String in throw Overdrawn(balance: 30) }])
        let problem = try await TestClient(app).get("/pay").json(ProblemDetails.self)
        #expect(problem.extensions["balance"] == .int(30))
    }
}

@Suite("Route names and URLs")
struct RouteNameTests {
    static let app = App(routes: [
        Router("/shelves/{shelf}", routes: [
            Get("/books/{id:int}") { request in
                try request.url(for: "file", parameters: ["rest": "a b/c.txt"], query: [("v", "1 2")])
            }.named("book"),
        ]),
        Get("/files/{rest:path}") { _ in "" }.named("file"),
        Get("/items/{id:uuid}") { _ in "" }.named("item"),
        Get("/") { _ in "" }.named("home"),
    ])

    @Test func urlsArePercentEncodedAndTypeChecked() throws {
        let built = try Self.app.build()
        #expect(try built.url(for: "book", parameters: ["shelf": "sci fi", "id": 7]) == "/shelves/sci%20fi/books/7")
        #expect(try built.url(for: "home") == "/")
        let uuid = UUID(uuidString: "6BA7B810-9DAD-11D1-80B4-00C04FD430C8")!
        #expect(try built.url(for: "item", parameters: ["id": uuid]) == "/items/6ba7b810-9dad-11d1-80b4-00c04fd430c8")
        #expect(throws: URLBuildingError.self) { try built.url(for: "book", parameters: ["shelf": "a", "id": "seven"]) }
        #expect(throws: URLBuildingError.self) { try built.url(for: "book", parameters: ["shelf": "a"]) }
        #expect(throws: URLBuildingError.self) { try built.url(for: "book", parameters: ["shelf": "a", "id": 1, "extra": 2]) }
        #expect(throws: URLBuildingError.self) { try built.url(for: "nope") }
        do {
            _ = try built.url(for: "book", parameters: ["shelf": "a", "id": 1.5])
        } catch {
            #expect(error.description == #"route "book" (/shelves/{shelf:str}/books/{id:int}): 1.5 is not a value of {id:int}"#)
        }
    }

    @Test func dotSegmentsAreEncodedSoTheURLStaysInItsRoute() throws {
        let built = try Self.app.build()
        #expect(try built.url(for: "file", parameters: ["rest": "a/../b/./c"]) == "/files/a/%2E%2E/b/%2E/c")
        #expect(try built.url(for: "book", parameters: ["shelf": "..", "id": 1]) == "/shelves/%2E%2E/books/1")
    }

    @Test func handlersBuildURLsFromTheRequest() async throws {
        #expect(try await TestClient(Self.app).get("/shelves/x/books/1").text == "/files/a%20b/c.txt?v=1+2")
    }

    @Test func aDuplicateNameFailsTheBuild() {
        let app = App(routes: [Get("/a") { _ in "" }.named("x"), Get("/b") { _ in "" }.named("x")])
        #expect(buildProblems(app) == [#"GET /b: the route name "x" is already used by GET /a"#])
    }
}

@Suite("Layer parameters")
struct LayerParameterTests {
    @Test func aRouterRequiresAHeaderOfEveryRouteAndReportsItWithTheHandlersIssues() async throws {
        let app = App(routes: [
            Router("/api", routes: [
                Get("/plain") { _ in "plain" },
                Get("/typed", .query("page", as: Int.self)) { _, page in page },
            ]).parameter(.header("X-API-Key")).parameter(.header("X-Version", as: Int?.self)),
        ])
        let client = try TestClient(app)
        #expect(try await client.get("/api/plain", headers: ["X-API-Key": "k"]).text == "plain")
        let plain = try await client.get("/api/plain", headers: ["X-Version": "two"])
        #expect(plain.status == .badRequest)
        #expect(try issues(plain) == [
            FieldIssue(.header, field: "X-API-Key", message: "is required"),
            FieldIssue(.header, field: "X-Version", message: "must be an integer"),
        ])
        let typed = try await client.get("/api/typed?page=x")
        #expect(try issues(typed) == [
            FieldIssue(.header, field: "X-API-Key", message: "is required"),
            FieldIssue(.query, field: "page", message: "must be an integer"),
        ])
    }

    @Test func theInnermostDeclarationWins() async throws {
        let app = App(routes: [
            Get("/", .header("X-Key", default: "inner")) { _, key in key }.parameter(.header("X-Key", default: "handler")),
        ]).parameter(.header("X-Key"))
        #expect(try await TestClient(app).get("/").text == "inner")
    }

    @Test func aBodyIsNotALayerParameter() {
        struct Body: Decodable, Sendable {}
        let app = App(routes: [Get("/") { _ in "" }]).parameter(.body(Body.self))
        #expect(buildProblems(app).first?.hasPrefix("app (affects GET /): a layer parameter must be a header, cookie, query or path parameter") == true)
    }
}
