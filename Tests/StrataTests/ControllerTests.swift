import Foundation
import Strata
import StrataTesting
import Testing

struct User: Codable, Sendable, Equatable {
    let id: Int
    let name: String
}

/// A controller written as a type, its handlers as methods.
struct UsersController: Controller {
    let path = "/users"
    let names: [Int: String]

    var policy: LayerPolicy {
        LayerPolicy(headers: ["X-Controller": "users"], cacheControl: .maxAge(30))
    }

    var routes: [any RouteComponent] {
        [
            Get("/{id:int}", handler: show),
            Post(handler: create),
            Delete("/{id:int}", handler: remove),
        ]
    }

    func show(_ request: Request) async throws -> User {
        let id = try request.parameters.int("id")
        guard let name = names[id] else { throw HTTPError(.notFound, detail: "No user \(id).") }
        return User(id: id, name: name)
    }

    func create(_ request: Request) async throws -> User {
        try request.decode(User.self)
    }

    func remove(_ request: Request) async throws {}
}

@Suite("Controllers")
struct ControllerTests {
    let app = App(routes: [Router("/api", routes: [UsersController(names: [1: "Ada"])])])

    @Test func methodsAreHandlers() async throws {
        let client = try TestClient(app)
        let shown = try await client.get("/api/users/1")
        #expect(try shown.json(User.self) == User(id: 1, name: "Ada"))
        #expect(shown.headers["X-Controller"] == "users")
        #expect(shown.headers["Cache-Control"] == "max-age=30")
        let created = try await client.post("/api/users", body: .json(User(id: 2, name: "Grace")))
        #expect(created.status == .created)
        #expect(try await client.delete("/api/users/2").status == .noContent)
        #expect(try await client.get("/api/users/9").status == .notFound)
    }

    @Test func routesAreIntrospectable() throws {
        let routes = try app.build().routes
        #expect(routes.map { "\($0.method) \($0.path) \($0.status.code)" } == [
            "GET /api/users/{id:int} 200", "POST /api/users 201", "DELETE /api/users/{id:int} 204",
            // The API document's routes, which every app has unless `openAPI` is nil.
            "GET /schema/openapi.json 200", "GET /schema/openapi.yaml 200", "GET /schema 200",
        ])
        #expect(routes[0].cacheControl == .maxAge(30))
        #expect(routes[0].mediaType == .json)
    }
}

@Suite("Responses beat layers")
struct ResponseOverrideTests {
    @Test func deletingALayerCookieSendsOnlyTheDeletion() async throws {
        let app = App(routes: [
            Get("/logout") { _ in
                var response = Response(text: "bye")
                response.deleteCookie("session")
                return response
            },
        ]).cookie(Cookie("session", "abc"))
        let response = try await TestClient(app).get("/logout")
        #expect(response.headers.values(for: "Set-Cookie") == ["session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax"])
    }

    @Test func rawSetCookieInAResponseStillOverridesByKey() async throws {
        let app = App(routes: [
            Get("/x") { _ in Response(headers: ["Set-Cookie": "session=raw; Path=/"], text: "x") },
        ]).cookie(Cookie("session", "layer")).cookie(Cookie("other", "1"))
        let response = try await TestClient(app).get("/x")
        #expect(response.headers.values(for: "Set-Cookie") == ["session=raw; Path=/", "other=1; Path=/; SameSite=Lax"])
    }

    @Test func headerNamesCompareCaseInsensitively() async throws {
        let app = App(routes: [Get("/x") { _ in Response(headers: ["x-frame-options": "SAMEORIGIN"], text: "x") }])
            .headers(["X-Frame-Options": "DENY", "X-Other": "1"])
        let response = try await TestClient(app).get("/x")
        #expect(response.headers.values(for: "X-Frame-Options") == ["SAMEORIGIN"])
        #expect(response.headers["X-Other"] == "1")
    }

    @Test func layerCacheControlHeaderAndTypedPolicyFollowOneRule() async throws {
        let app = App(routes: [
            Router("/r", routes: [Get("/x") { _ in "x" }]).headers(["cache-control": "no-store"]),
        ]).cacheControl(.maxAge(10))
        let response = try await TestClient(app).get("/r/x")
        #expect(response.headers.values(for: "Cache-Control") == ["no-store"])
    }

    @Test func documentedHeadersAreNeverSent() async throws {
        let app = App(routes: [
            Get("/x") { _ in "x" }.documentedHeader(DocumentedHeader("X-RateLimit-Remaining", description: "Set by the gateway")),
        ]).documentedCookie(DocumentedCookie("tracking", description: "Set by the CDN"))
        let response = try await TestClient(app).get("/x")
        #expect(response.headers["X-RateLimit-Remaining"] == nil)
        #expect(response.cookies.isEmpty)
        let route = try app.build().routes[0]
        #expect(route.documentedHeaders.map(\.name) == ["X-RateLimit-Remaining"])
        #expect(route.documentedCookies.map(\.name) == ["tracking"])
    }

    @Test func hooksSeeTheMergedResponse() async throws {
        let app = App(routes: [Get("/x") { _ in "x" }])
            .headers(["X-Layer": "1"])
            .afterRequest { _, response in
                var response = response
                response.headers["X-Seen"] = response.headers["X-Layer"] ?? "missing"
                response.headers.remove("X-Layer")
                return response
            }
        let response = try await TestClient(app).get("/x")
        #expect(response.headers["X-Seen"] == "1")
        #expect(response.headers["X-Layer"] == nil)
        #expect(response.headers["Content-Type"] == "text/plain; charset=utf-8")
    }
}
