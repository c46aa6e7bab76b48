import Foundation
import Strata
import StrataTesting
import Testing

/// The traps a new user hit (issue 10, items 7–12): each now does what it says, or fails at build.
@Suite("API traps")
struct APITrapTests {
    // MARK: 7. SameSite

    @Test func sameSiteNoneIsTheAttributeNeverItsAbsence() {
        // `sameSite` is not an Optional, so `.none` cannot mean "no attribute".
        #expect(Cookie("a", "1", sameSite: .none).headerValue == "a=1; Path=/; Secure; SameSite=None")
        #expect(Cookie("a", "1", sameSite: .omitted).headerValue == "a=1; Path=/")
        #expect(Cookie.parse(setCookie: "a=1; SameSite=None")?.sameSite == Cookie.SameSite.none)
        #expect(Cookie.parse(setCookie: "a=1")?.sameSite == .omitted)
    }

    // MARK: 8. A declared status the return type would ignore

    @Test func aDeclaredStatusOnAResponseIsRefusedAtBuild() {
        let found = buildProblems(App(routes: [
            Post("/jobs", status: .accepted) { _ in Response(text: "queued") },
            Get("/report", status: .created) { _ in File("/etc/hostname") },
            Get("/fine", status: .ok) { _ in File("/etc/hostname") },
        ]))
        #expect(found == [
            "POST /jobs: declares status 202 Accepted, but returns Response, which carries its own status and would send it instead; set it on the response (Response(status: 202, …)) and remove status:",
            "GET /report: declares status 201 Created, but a File answers 200, 206 or 416 as the request's Range decides; remove status:",
        ])
    }

    // MARK: 9. Response classes

    struct Envelope<Value: Encodable>: Encodable {
        let data: Value
    }

    /// The example of `ResponseClass`'s documentation, as written there.
    struct Enveloped: ResponseClass {
        func response(for value: any Sendable, context: RenderContext) throws -> Response {
            guard let encodable = value as? any Encodable else { return try context.defaultResponse(for: value) }
            return Response(status: context.status, body: try wrap(encodable, context))
        }

        private func wrap<Value: Encodable>(_ value: Value, _ context: RenderContext) throws -> [UInt8] {
            try context.json(Envelope(data: value))
        }
    }

    @Test func aResponseClassWithoutAContentTypeGetsTheRoutes() async throws {
        let app = App(routes: [
            Router("/api", routes: [
                Get("/user") { _ in ["name": "Ada"] },
                Get("/csv", mediaType: MediaType("text/csv")!) { _ in ["a": "1"] },
            ]).responseClass(Enveloped()),
        ])
        let client = try TestClient(app)
        let user = try await client.get("/api/user")
        #expect(user.text == #"{"data":{"name":"Ada"}}"#)
        #expect(user.headers["Content-Type"] == "application/json")
        #expect(try await client.get("/api/csv").headers["Content-Type"] == "text/csv; charset=utf-8")
    }

    // MARK: 10. nil as null

    struct Profile: Codable, Sendable {
        var name: String
        var email: String?
    }

    @Test func nilOptionalsAreLeftOutUnlessALayerAsksForNull() async throws {
        let app = App(routes: [
            Get("/omitted") { _ in Profile(name: "Ada", email: nil) },
            Router("/v2", routes: [Get("/null") { _ in Profile(name: "Ada", email: nil) }]).nilEncoding(.null),
        ])
        let client = try TestClient(app)
        #expect(try await client.get("/omitted").text == #"{"name":"Ada"}"#)
        #expect(try await client.get("/v2/null").text == #"{"name":"Ada","email":null}"#)
    }

    // MARK: 11. Which layered policies apply where

    @Test func aControllersMaxAgeDescribesReadsNotWrites() async throws {
        let app = App(routes: [
            Router("/items", routes: [
                Get("/{id:int}") { _ in "item" },
                Post { _ in "made" },
                Delete("/{id:int}") { _ in },
                Put("/{id:int}", policy: LayerPolicy(cacheControl: .noStore)) { _ in "replaced" },
            ]).cacheControl(.maxAge(60)).etag(ETag("v1")),
        ])
        let client = try TestClient(app)
        let read = try await client.get("/items/1")
        #expect(read.headers["Cache-Control"] == "max-age=60")
        #expect(read.headers["ETag"] == #""v1""#)
        for write in [try await client.post("/items"), try await client.delete("/items/1")] {
            // RFC 9111 §3: a cache may store answers to writes that carry explicit freshness.
            #expect(write.headers["Cache-Control"] == nil)
            #expect(write.headers["ETag"] == nil)
        }
        // The handler of a write may still say so itself.
        #expect(try await client.put("/items/1").headers["Cache-Control"] == "no-store")
        // The layer's tag still names the resource for a write's preconditions.
        #expect(try await client.put("/items/1", headers: ["If-Match": #""v0""#]).status == .preconditionFailed)
    }

    @Test func noComputedETagOnANoContentAnswerOrAWrite() async throws {
        let app = App(routes: [
            Get("/empty", status: .noContent) { _ in },
            Get("/full") { _ in "content" },
            Post("/made") { _ in "made" },
        ]).computesETag()
        let client = try TestClient(app)
        #expect(try await client.get("/empty").headers["ETag"] == nil)
        #expect(try await client.get("/full").headers["ETag"] != nil)
        #expect(try await client.post("/made").headers["ETag"] == nil)
    }

    @Test func aLayerCanChangeAnEventStreamsCacheControl() async throws {
        let events = { @Sendable (_: Request) in ServerSentEvents(data: ["tick"].async) }
        let app = App(routes: [
            Get("/default", handler: events),
            Router("/private", routes: [Get("/events", handler: events)]).cacheControl(.noStore),
        ])
        let client = try TestClient(app)
        #expect(try await client.get("/default").headers["Cache-Control"] == "no-cache")
        #expect(try await client.get("/private/events").headers.values(for: "Cache-Control") == ["no-store"])
    }

    // MARK: 12. Every problem at once

    @Test func aParameterConflictIsListedWithTheOtherProblems() {
        let found = buildProblems(App(routes: [
            Get("/users/{id:int}") { _ in "a" },
            Get("/users/{name:str}/posts", policy: LayerPolicy(headers: ["X-Bad": "a\r\nb"])) { _ in "b" },
        ]))
        #expect(found.count == 2)
        #expect(found.contains { $0.hasPrefix("GET /users/{name:str}/posts: ") && $0.contains("X-Bad") })
        #expect(found.contains { $0.contains("{name:str} conflicts with {…:int}") })
    }

    // MARK: Layer modifiers on a user's controller

    struct UsersController: Controller {
        let path = "/users"
        var policy: LayerPolicy { LayerPolicy(headers: ["X-Resource": "users"], cacheControl: .maxAge(30)) }
        var routes: [any RouteComponent] { [Get("/{id:int}") { _ in "user" }] }
    }

    @Test func layerModifiersWorkOnAControllerType() async throws {
        let app = App(routes: [
            UsersController().header("X-Version", "2").cacheControl(.maxAge(5)),
        ])
        let response = try await TestClient(app).get("/users/1")
        #expect(response.headers["X-Resource"] == "users")  // the controller's own policy is kept
        #expect(response.headers["X-Version"] == "2")
        #expect(response.headers["Cache-Control"] == "max-age=5")
        #expect(throws: AppBuildError.self) {
            // Build errors still name the controller's type.
            _ = try App(routes: [UsersController().header("Content-Length", "1")]).build()
        }
    }
}
