import Foundation
import Strata
import Testing

/// The problems building `app` reports, as they read; none when it builds.
func buildProblems(_ app: App) -> [String] {
    do {
        _ = try app.build()
        return []
    } catch {
        return error.problems.map(\.description)
    }
}

/// One test per build-time error: each names the route or layer and the problem.
@Suite("Build errors")
struct AppBuildErrorTests {
    @Test func duplicateMethodAndPath() {
        let found = buildProblems(App(routes: [
            Get("/users/{id:int}") { _ in "a" },
            Router("/users", routes: [Get("/{uid:int}") { _ in "b" }]),
        ]))
        #expect(found == ["GET /users/{uid:int}: duplicate route: GET /users/{uid:int} is already declared as GET /users/{id:int}"])
    }

    @Test func sameLiteralPathDifferentMethodsIsFine() throws {
        _ = try App(routes: [Get("/a") { _ in "a" }, Post("/a") { _ in "b" }]).build()
    }

    @Test func contentOnNoContentStatus() {
        let found = buildProblems(App(routes: [
            Delete("/users/{id:int}") { _ in "deleted" },
            Get("/empty", status: .notModified) { _ in Greeting(text: "x") },
            Get("/early", status: 103) { _ in [UInt8]() },
        ]))
        #expect(found == [
            "DELETE /users/{id:int}: returns String, but status 204 No Content cannot carry content (RFC 9110 §6.4.1); return Void or declare another status",
            "GET /empty: returns Greeting, but status 304 Not Modified cannot carry content (RFC 9110 §6.4.1); return Void or declare another status",
            "GET /early: status 103 cannot be a final response; use 200–599",
        ])
    }

    @Test func voidOnNoContentStatusIsFine() throws {
        _ = try App(routes: [Delete("/x") { _ in }, Get("/y", status: .noContent) { _ in }]).build()
    }

    @Test func invalidHeaderValueOnALayer() {
        let found = buildProblems(App(routes: [
            Router("/api", routes: [Get("/items") { _ in "x" }]).headers(["X-Bad": "a\r\nSet-Cookie: evil=1"]),
        ]))
        #expect(found == [#"router "/api" (affects GET /api/items): header "X-Bad" has a value with a control character (byte 0xD); CR, LF and NUL are never written"#])
    }

    @Test func invalidHeaderNameOnAHandler() {
        let found = buildProblems(App(routes: [Get("/x", policy: LayerPolicy(headers: ["Bad Name": "1"])) { _ in "x" }]))
        #expect(found == [#"GET /x: header name "Bad Name" is not an RFC 9110 token (byte 0x20)"#])
    }

    @Test func invalidCookieOnTheApp() {
        let found = buildProblems(App(policy: LayerPolicy(cookies: [Cookie("id", "a;b")]), routes: [Get("/x") { _ in "x" }]))
        #expect(found.count == 1)
        #expect(found[0].hasPrefix("app (affects GET /x): cookie \"id\""))
    }

    @Test func reservedHeaderOnALayer() {
        let found = buildProblems(App(routes: [
            MatrixController(path: "/c", policy: LayerPolicy(), routes: [Get("/x") { _ in "x" }]).headers(["Content-Length": "3", "Set-Cookie": "a=1"]),
        ]))
        #expect(found == [
            #"controller MatrixController "/c" (affects GET /c/x): header "Content-Length" cannot be set on a layer: the server computes it"#,
            #"controller MatrixController "/c" (affects GET /c/x): header "Set-Cookie" cannot be set on a layer: declare cookies with `cookies:` so they merge by key"#,
        ])
    }

    @Test func cacheControlTwiceOnOneLayer() {
        let found = buildProblems(App(policy: LayerPolicy(headers: ["Cache-Control": "no-store"], cacheControl: .maxAge(5)), routes: [Get("/x") { _ in "x" }]))
        #expect(found == ["app (affects GET /x): Cache-Control is set twice on one layer, as a header and as cacheControl"])
    }

    @Test(arguments: [
        ("/users/{id", #"segment "{id" must be a whole {name} or {name:type}"#),
        ("/users/{id:integer}", #"unknown parameter type "integer" (known: str, int, float, uuid, path)"#),
        ("/a/{x}/{x}", #"declares parameter "x" twice"#),
        ("/files/{rest:path}/more", "a {rest:path} parameter must be the last segment"),
        ("/a//b", "has an empty segment"),
        ("/{1x}", #""1x" is not a valid parameter name"#),
    ])
    func malformedPathTemplate(path: String, message: String) {
        let found = buildProblems(App(routes: [Get(path) { _ in "x" }]))
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("GET \(path): malformed path template:") == true)
        #expect(found.first?.contains(message) == true)
    }

    @Test func conflictingParameterTypes() {
        let found = buildProblems(App(routes: [
            Get("/items/{id:int}") { _ in "a" },
            Put("/items/{slug:str}") { _ in "b" },
        ]))
        #expect(found == ["PUT /items/{slug:str}: {slug:str} conflicts with {…:int} at the same position in GET /items/{id:int}; one path segment can have only one parameter type"])
    }

    @Test func encodableWithATextMediaType() {
        let found = buildProblems(App(routes: [Get("/x", mediaType: .plainText) { _ in Greeting(text: "x") }]))
        #expect(found == ["GET /x: returns Greeting (Encodable), which cannot be written as text/plain; use a JSON, +json or MessagePack media type, or set a responseClass"])
    }

    @Test func unrenderableReturnType() {
        let found = buildProblems(App(routes: [Get("/x") { _ in Opaque() }]))
        #expect(found == ["GET /x: returns Opaque, which is not Encodable, String, bytes or ResponseConvertible; make it Encodable or set a responseClass on a layer"])
    }

    @Test func unrenderableReturnTypeWithAResponseClassIsFine() throws {
        _ = try App(routes: [Get("/x") { _ in Opaque() }]).responseClass(TaggingResponseClass(tag: "t")).build()
    }

    @Test func tupleHandlersChooseTheirStatus() throws {
        _ = try App(routes: [Delete("/x") { _ in ("gone", HTTPStatus.ok) }]).build()
    }

    @Test func literalSegmentsThatCannotMatch() {
        let found = buildProblems(App(routes: [Get("/a?b") { _ in "x" }, Get("/c d") { _ in "y" }]))
        #expect(found == [
            #"GET /a?b: malformed path template: path "/a?b": segment "a?b" contains "?", which a request path cannot"#,
            #"GET /c d: malformed path template: path "/c d": segment "c d" contains a space, which a request path cannot"#,
        ])
    }

    @Test func aMethodListedTwice() {
        #expect(buildProblems(App(routes: [Handler([.get, .get], "/x") { _ in "x" }])) == ["GET,GET /x: the handler lists a method twice"])
    }

    @Test func negativeBodyLimit() {
        let found = buildProblems(App(routes: [Post("/x") { _ in "x" }.requestBodyLimit(-1)]))
        #expect(found == ["POST /x: requestBodyLimit is -1; it must be zero or more bytes"])
    }

    @Test func noMethods() {
        let found = buildProblems(App(routes: [Handler([], "/x") { _ in "x" }]))
        #expect(found == ["(no method) /x: the handler answers no method"])
    }

    @Test func everyProblemIsReportedAtOnce() {
        let app = App(routes: [
            Get("/a") { _ in "a" }, Get("/a") { _ in "b" },
            Delete("/b") { _ in "c" },
        ])
        #expect(buildProblems(app).count == 2)
        do {
            _ = try app.build()
        } catch {
            #expect(error.description.hasPrefix("Strata could not build the app (2 problems):\n  GET /a: duplicate route"))
        }
    }
}

struct Opaque: Sendable {}
