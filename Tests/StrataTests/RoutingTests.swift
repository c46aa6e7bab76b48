import Foundation
import Strata
import StrataTesting
import Testing

@Suite("Routing")
struct RoutingTests {
    static let app = App(routes: [
        Get("/") { _ in "root" },
        Router("/api", routes: [
            Router("/users", routes: [
                Get { _ in "list" },
                Get("/me") { _ in "me" },
                Get("/{id:int}") { request in "user \(try request.parameters.int("id"))" },
                Delete("/{id:int}") { _ in },
                Get("/{id:int}/posts/{slug}") { request in "\(try request.parameters.int("id")) \(request.parameters["slug"]!)" },
            ]),
            Get("/items/{id:uuid}") { request in try request.parameters.uuid("id").uuidString },
            Get("/prices/{value:float}") { request in "\(try request.parameters.double("value"))" },
            Get("/files/{rest:path}") { request in "file:\(request.parameters["rest"]!)" },
            Get("/café") { _ in "unicode" },
        ]),
    ])

    @Test(arguments: [
        ("/", "root"),
        ("/api/users", "list"),
        ("/api/users/", "list"),
        ("/api/users/me", "me"),
        ("/api/users/42", "user 42"),
        ("/api/users/-3", "user -3"),
        ("/api/users/7/posts/hello%20world", "7 hello world"),
        ("/api/items/3F2504E0-4F89-11D3-9A0C-0305E82C3301", "3F2504E0-4F89-11D3-9A0C-0305E82C3301"),
        ("/api/items/3f2504e0-4f89-11d3-9a0c-0305e82c3301", "3F2504E0-4F89-11D3-9A0C-0305E82C3301"),
        ("/api/prices/2.5", "2.5"),
        ("/api/files/a/b/c.txt", "file:a/b/c.txt"),
        ("/api/files/", "file:"),
        ("/api/files/a%2Fb", "file:a%2Fb"),
        ("/api/files/a%20b/c/", "file:a b/c/"),
        ("/api/caf%C3%A9", "unicode"),
        ("/api/users/42?x=1", "user 42"),
    ])
    func matches(target: String, expected: String) async throws {
        let response = try await TestClient(Self.app).get(target)
        #expect(response.status == .ok)
        #expect(response.text == expected)
    }

    /// A segment that does not convert to the declared type is not that route: 404.
    @Test(arguments: ["/api/users/abc", "/api/users/1.5", "/api/users/99999999999999999999", "/api/items/not-a-uuid",
                      "/api/prices/nan", "/api/prices/abc", "/nowhere", "/api/users/7/posts", "/api//users"])
    func notFound(target: String) async throws {
        let response = try await TestClient(Self.app).get(target)
        #expect(response.status == .notFound)
        #expect(response.headers["Content-Type"] == "application/problem+json")
        #expect(response.text == #"{"type":"about:blank","title":"Not Found","status":404}"#)
    }

    /// One spelling per number: no "+", no exponent, no hex.
    @Test(arguments: ["/api/users/+5", "/api/users/0x10", "/api/prices/1e3", "/api/prices/.5", "/api/prices/5.", "/api/prices/inf"])
    func nonCanonicalNumbersDoNotMatch(target: String) async throws {
        #expect(try await TestClient(Self.app).get(target).status == .notFound)
    }

    @Test(arguments: ["/api/users/%zz", "/api/users/%FF", "/api/files/a/%C3"])
    func malformedPercentEncodingIs400(target: String) async throws {
        let response = try await TestClient(Self.app).get(target)
        #expect(response.status == .badRequest)
        #expect(try response.json(ProblemDetails.self).detail == "The request path has a malformed percent-encoding.")
    }

    @Test func methodNotAllowedListsAllow() async throws {
        let response = try await TestClient(Self.app).request(.put, "/api/users/7")
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers["Allow"] == "GET, HEAD, DELETE, OPTIONS")
        #expect(response.text == #"{"type":"about:blank","title":"Method Not Allowed","status":405}"#)
    }

    @Test func literalAndParameterServeDifferentMethods() async throws {
        // DELETE /users/me: the literal route has only GET and "me" is no int, so 405.
        let client = try TestClient(Self.app)
        #expect(try await client.delete("/api/users/me").status == .methodNotAllowed)
        #expect(try await client.delete("/api/users/5").status == .noContent)
    }

    @Test func backtracksFromALiteralToAParameter() async throws {
        let app = App(routes: [
            Get("/a/me/settings") { _ in "settings" },
            Get("/a/{name}/posts") { request in "posts of \(request.parameters["name"]!)" },
        ])
        let client = try TestClient(app)
        #expect(try await client.get("/a/me/posts").text == "posts of me")
        #expect(try await client.get("/a/me/settings").text == "settings")
    }

    @Test func headAnswersLikeGetWithoutContent() async throws {
        let client = try TestClient(Self.app)
        let get = try await client.get("/api/users/42")
        let head = try await client.head("/api/users/42")
        #expect(head.status == .ok)
        #expect(head.body.isEmpty)
        #expect(head.headers["Content-Length"] == "7")
        #expect(head.headers.filter { $0.name != "Date" } == get.headers.filter { $0.name != "Date" })
    }

    @Test func automaticOptions() async throws {
        let response = try await TestClient(Self.app).options("/api/users")
        #expect(response.status == .noContent)
        #expect(response.headers["Allow"] == "GET, HEAD, OPTIONS")
        #expect(response.body.isEmpty)
    }

    @Test func explicitOptionsWins() async throws {
        let app = App(routes: [Options("/x") { _ in ("custom", HTTPStatus.ok) }, Get("/x") { _ in "x" }])
        #expect(try await TestClient(app).options("/x").text == "custom")
    }

    @Test func multiMethodHandler() async throws {
        let app = App(routes: [Handler([.put, .patch], "/doc") { request in request.method.rawValue }])
        let client = try TestClient(app)
        #expect(try await client.put("/doc").text == "PUT")
        #expect(try await client.patch("/doc").text == "PATCH")
        #expect(try await client.get("/doc").status == .methodNotAllowed)
    }

    @Test func requestKnowsItsRoute() async throws {
        let app = App(routes: [Router("/v1", routes: [Get("/u/{id:int}") { request in request.route ?? "" }])])
        #expect(try await TestClient(app).get("/v1/u/3").text == "/v1/u/{id:int}")
    }

    /// Values are kept as places in the path, four inline and the rest in a list, with escaped
    /// ones decoded; a parameter tried and given up while backtracking leaves no trace.
    @Test func manyParametersPlainAndEscapedKeepTheirOrder() async throws {
        let app = App(routes: [
            Get("/m/{a}/{b}/{c}/{d}/{e}/{f}") { request in
                request.parameters.pairs.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
            },
            Get("/m/{a}/{b}/{c}/{d}/{e}/{f}/x/{g:int}") { request in "g" },
            Get("/n/{first}/{rest:path}") { request in "\(request.parameters["first"]!)|\(request.parameters["rest"]!)" },
        ])
        let client = try TestClient(app)
        #expect(try await client.get("/m/1/tw%20o/3/f%C3%BCnf/5/six").text == "a=1,b=tw o,c=3,d=fünf,e=5,f=six")
        // `/x/oops` fits no route: the walk goes six parameters deep, backs out, and 404s.
        #expect(try await client.get("/m/1/2/3/4/5/6/x/oops").status == .notFound)
        #expect(try await client.get("/n/a%20b/c/d%2Fe/f").text == "a b|c/d%2Fe/f")
        #expect(try await client.get("/n/a/c/d").text == "a|c/d")

        let built = try app.build()
        let match = try #require(built.match(.get, path: "/m/%41/b/c/d/%45/f"))
        #expect(match.parameters.pairs.map(\.value) == ["A", "b", "c", "d", "E", "f"])
        #expect(match.parameters["e"] == "E")
        #expect(match.parameters["z"] == nil)
        #expect(built.match(.get, path: "/m/1/2/3/4/5/6/x/7")?.parameters["g"] == "7")
    }
}
