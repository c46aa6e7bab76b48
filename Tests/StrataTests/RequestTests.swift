import Foundation
import Strata
import StrataTesting
import Testing

struct NewUser: Codable, Sendable, Equatable {
    var name: String
    var age: Int
    var tags: [String]?
}

@Suite("Requests")
struct RequestTests {
    /// The text Documentation/Responses.md and Security.md quote, so they cannot drift apart.
    @Test func aFieldThatDoesNotDecodeIsNamedInTheProblem() async throws {
        let app = App(routes: [Post("/users") { request in try request.decode(NewUser.self) }])
        let response = try await TestClient(app).post("/users", body: .text(#"{"name":"Ada","age":"old"}"#, contentType: "application/json"))
        #expect(response.status == .badRequest)
        #expect(try response.json(ProblemDetails.self).detail == #"The request content is invalid: "age" must be an integer."#)
    }

    @Test func queryParameters() async throws {
        let app = App(routes: [Get("/q") { request in
            "\(request.query["a"] ?? "-") \(request.query.all("t")) \(request.query["missing"] ?? "-")"
        }])
        let response = try await TestClient(app).get("/q?a=1%202&t=x", query: [("t", "y z")])
        #expect(response.text == #"1 2 ["x", "y z"] -"#)
    }

    @Test func queryDecodesIntoAType() async throws {
        struct Page: Decodable { let page: Int; let size: Int? }
        let app = App(routes: [Get("/q") { request in
            let page = try request.queryValue(Page.self)
            return "\(page.page) \(page.size ?? 0)"
        }])
        let client = try TestClient(app)
        #expect(try await client.get("/q?page=3").text == "3 0")
        let bad = try await client.get("/q?page=three")
        #expect(bad.status == .badRequest)
        #expect(bad.text.contains(#"\"page\" "#) || bad.text.contains("page"))
    }

    @Test func headersAndCookies() async throws {
        let app = App(routes: [Get("/h") { request in
            "\(request.headers["x-token"] ?? "-") \(request.cookies["a"] ?? "-") \(request.cookies["b"] ?? "-")"
        }])
        let response = try await TestClient(app).get("/h", headers: ["X-Token": "t", "Cookie": "a=1; b=\"2\""])
        #expect(response.text == "t 1 2")
    }

    @Test func jsonBody() async throws {
        let app = App(routes: [Post("/users") { request in try request.decode(NewUser.self) }])
        let response = try await TestClient(app).post("/users", body: .json(NewUser(name: "Ada", age: 36, tags: ["x"])))
        #expect(response.status == .created)
        #expect(try response.json(NewUser.self) == NewUser(name: "Ada", age: 36, tags: ["x"]))
    }

    @Test func formBody() async throws {
        let app = App(routes: [Post("/users") { request in try request.decode(NewUser.self) }])
        let response = try await TestClient(app).post("/users", body: .form([("name", "Ada L"), ("age", "36"), ("tags", "a"), ("tags", "b")]))
        #expect(try response.json(NewUser.self) == NewUser(name: "Ada L", age: 36, tags: ["a", "b"]))
    }

    @Test func messagePackBody() async throws {
        let app = App(routes: [Post("/users") { request in try request.decode(NewUser.self) }])
        let response = try await TestClient(app).post("/users", body: .messagePack(NewUser(name: "M", age: 1)))
        #expect(try response.json(NewUser.self) == NewUser(name: "M", age: 1))
    }

    @Test func invalidBodyIs400NamingTheField() async throws {
        let app = App(routes: [Post("/users") { request in try request.decode(NewUser.self) }])
        let client = try TestClient(app)
        let wrongType = try await client.post("/users", body: .text(#"{"name":"A","age":"old"}"#, contentType: "application/json"))
        #expect(wrongType.status == .badRequest)
        #expect(try wrongType.json(ProblemDetails.self).detail == #"The request content is invalid: "age" must be an integer."#)
        let missing = try await client.post("/users", body: .text(#"{"name":"A"}"#, contentType: "application/json"))
        #expect(try missing.json(ProblemDetails.self).detail == #"The request content is invalid: "age" is missing."#)
        let broken = try await client.post("/users", body: .text("{", contentType: "application/json"))
        #expect(try broken.json(ProblemDetails.self).detail == "The request content is invalid: it is not well-formed.")
    }

    @Test func deeplyNestedContentIs400NotACrash() async throws {
        struct Anything: Decodable, Sendable {}
        let app = App(routes: [Post("/any") { request in _ = try request.decode(Anything.self); return "decoded" }])
        let client = try TestClient(app)
        // 100,000 levels: a parser that recursed once per level would overflow the stack.
        let json = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let deepJSON = try await client.post("/any", body: .text(json, contentType: "application/json"))
        #expect(deepJSON.status == .badRequest)
        let msgpack = [UInt8](repeating: 0x91, count: 100_000) + [0xC0]  // arrays of one, nested
        let deepMessagePack = try await client.post("/any", body: .bytes(msgpack, contentType: "application/msgpack"))
        #expect(deepMessagePack.status == .badRequest)
    }

    @Test func unsupportedContentTypeIs415() async throws {
        let app = App(routes: [Post("/users") { request in try request.decode(NewUser.self) }])
        let client = try TestClient(app)
        #expect(try await client.post("/users", body: .text("x")).status == .unsupportedMediaType)
        #expect(try await client.post("/users", body: .bytes([1])).status == .unsupportedMediaType)
    }

    @Test func bodyLimitDefaultIs10MB() async throws {
        let app = App(routes: [Post("/up") { request in request.body.count }])
        let client = try TestClient(app)
        let fits = try await client.post("/up", body: .bytes(Array(repeating: 0, count: 10_000_000)))
        #expect(fits.text == "10000000")
        let tooLarge = try await client.post("/up", body: .bytes(Array(repeating: 0, count: 10_000_001)))
        #expect(tooLarge.status == .contentTooLarge)
        #expect(try tooLarge.json(ProblemDetails.self).detail == "The request content is larger than the limit of 10000000 bytes.")
    }

    @Test func textAndPath() async throws {
        let app = App(routes: [Post("/p/{name}") { request in "\(request.path)|\(request.text)|\(request.target)" }])
        let response = try await TestClient(app).post("/p/a%20b?x=1", body: .text("hé"))
        #expect(response.text == "/p/a b|hé|/p/a%20b?x=1")
    }

    @Test func negotiation() async throws {
        let app = App(routes: [Get("/n") { request in try request.negotiate([.json, .html]).essence }])
        let client = try TestClient(app)
        #expect(try await client.get("/n").text == "application/json")
        #expect(try await client.get("/n", headers: ["Accept": "text/html, application/json;q=0.5"]).text == "text/html")
        #expect(try await client.get("/n", headers: ["Accept": "text/*;q=0.3, */*;q=0.1"]).text == "text/html")
        let none = try await client.get("/n", headers: ["Accept": "image/png"])
        #expect(none.status == .notAcceptable)
        #expect(try none.json(ProblemDetails.self).detail == "None of the available media types is acceptable: application/json, text/html.")
    }
}
