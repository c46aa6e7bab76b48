import Foundation
import Strata
import StrataTesting
import Testing

/// One test per return type and media type: status, `Content-Type` and exact bytes.
@Suite("Rendering")
struct RenderingTests {
    private func fetch(_ handler: some RouteComponent, method: HTTPMethod = .get) async throws -> TestResponse {
        try await TestClient(App(routes: [handler])).request(method, "/x")
    }

    @Test func encodableIsJSON() async throws {
        let response = try await fetch(Get("/x") { _ in Greeting(text: "hi") })
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(response.text == #"{"text":"hi"}"#)
        #expect(response.headers["Content-Length"] == "13")
    }

    @Test func stringIsPlainText() async throws {
        let response = try await fetch(Get("/x") { _ in "héllo" })
        #expect(response.headers["Content-Type"] == "text/plain; charset=utf-8")
        #expect(response.body == Array("héllo".utf8))
    }

    @Test(arguments: [
        (MediaType.html, "text/html; charset=utf-8"),
        (MediaType.css, "text/css; charset=utf-8"),
        (MediaType.xml, "application/xml; charset=utf-8"),
        (MediaType("text/csv; charset=latin1")!, "text/csv; charset=latin1"),
    ])
    func stringWithDeclaredMediaType(mediaType: MediaType, expected: String) async throws {
        let response = try await fetch(Get("/x", mediaType: mediaType) { _ in "<b>x</b>" })
        #expect(response.headers["Content-Type"] == expected)
        #expect(response.text == "<b>x</b>")
    }

    @Test func bytesAreOctetStream() async throws {
        let response = try await fetch(Get("/x") { _ in [UInt8]([0, 1, 255]) })
        #expect(response.headers["Content-Type"] == "application/octet-stream")
        #expect(response.body == [0, 1, 255])
    }

    @Test func dataIsOctetStream() async throws {
        let response = try await fetch(Get("/x") { _ in Data([9, 8]) })
        #expect(response.headers["Content-Type"] == "application/octet-stream")
        #expect(response.body == [9, 8])
    }

    @Test func voidIsEmpty() async throws {
        let response = try await fetch(Get("/x") { _ in })
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == nil)
        #expect(response.headers["Content-Length"] == "0")
        #expect(response.body.isEmpty)
    }

    @Test func plusJSONIsJSON() async throws {
        let response = try await fetch(Get("/x", mediaType: .problemJSON) { _ in Greeting(text: "p") })
        #expect(response.headers["Content-Type"] == "application/problem+json")
        #expect(response.text == #"{"text":"p"}"#)
    }

    @Test func vendorPlusJSONIsJSON() async throws {
        let response = try await fetch(Get("/x", mediaType: MediaType("application/vnd.api+json")!) { _ in [1, 2] })
        #expect(response.headers["Content-Type"] == "application/vnd.api+json")
        #expect(response.text == "[1,2]")
    }

    @Test func messagePackWhenAsked() async throws {
        let response = try await fetch(Get("/x", mediaType: .messagePack) { _ in Greeting(text: "hi") })
        #expect(response.headers["Content-Type"] == "application/msgpack")
        // fixmap(1) fixstr "text" fixstr "hi"
        #expect(response.body == [0x81, 0xA4, 0x74, 0x65, 0x78, 0x74, 0xA2, 0x68, 0x69])
        #expect(try response.messagePack(Greeting.self).text == "hi")
    }

    @Test func responseAsItIs() async throws {
        let response = try await fetch(Get("/x") { _ in
            var response = Response(status: .accepted, headers: ["X-Own": "1"], body: Array("raw".utf8))
            response.mediaType = MediaType("text/x-custom")
            return response
        })
        #expect(response.status == .accepted)
        #expect(response.headers["Content-Type"] == "text/x-custom")
        #expect(response.headers["X-Own"] == "1")
        #expect(response.text == "raw")
    }

    @Test func statusDefaults() async throws {
        let app = App(routes: [
            Get("/x") { _ in "g" }, Post("/x") { _ in "p" }, Put("/x") { _ in "u" },
            Patch("/x") { _ in "a" }, Delete("/x") { _ in },
        ])
        let client = try TestClient(app)
        #expect(try await client.get("/x").status == .ok)
        #expect(try await client.post("/x").status == .created)
        #expect(try await client.put("/x").status == .ok)
        #expect(try await client.patch("/x").status == .ok)
        #expect(try await client.delete("/x").status == .noContent)
        let deleted = try await client.delete("/x")
        #expect(deleted.headers["Content-Length"] == nil)
    }

    @Test func statusOverride() async throws {
        let response = try await fetch(Post("/x", status: .accepted) { _ in "queued" }, method: .post)
        #expect(response.status == .accepted)
    }

    @Test func tupleWithStatus() async throws {
        let response = try await fetch(Get("/x") { _ in (Greeting(text: "t"), HTTPStatus.imATeapot) })
        #expect(response.status == .imATeapot)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(response.text == #"{"text":"t"}"#)
    }

    @Test func tupleWithStatusAndHeaders() async throws {
        let app = App(routes: [
            Post("/x") { _ in ("made", HTTPStatus.created, ["Location": "/x/1"] as HTTPHeaders) }.headers(["Location": "/layer"]),
        ])
        let response = try await TestClient(app).post("/x")
        #expect(response.status == .created)
        #expect(response.headers.values(for: "Location") == ["/x/1"])
        #expect(response.text == "made")
    }

    @Test func defaultMediaTypeAppliesWhereItFits() async throws {
        let app = App(routes: [
            Get("/text") { _ in "<p>" },
            Get("/json") { _ in Greeting(text: "j") },
            Get("/declared", mediaType: .plainText) { _ in "t" },
        ]).defaultMediaType(.html)
        let client = try TestClient(app)
        #expect(try await client.get("/text").headers["Content-Type"] == "text/html; charset=utf-8")
        // HTML cannot hold an Encodable value; JSON stays.
        #expect(try await client.get("/json").headers["Content-Type"] == "application/json")
        #expect(try await client.get("/declared").headers["Content-Type"] == "text/plain; charset=utf-8")
    }

    @Test func defaultMediaTypeMessagePack() async throws {
        let app = App(routes: [Get("/x") { _ in [true] }]).defaultMediaType(.messagePack)
        let response = try await TestClient(app).get("/x")
        #expect(response.headers["Content-Type"] == "application/msgpack")
        #expect(response.body == [0x91, 0xC3])
    }

    @Test func typeEncoderChangesHowATypeIsWritten() async throws {
        let app = App(routes: [Get("/x") { _ in Stamped(at: Date(timeIntervalSince1970: 86_400), count: 2) }])
            .encoding(Date.self) { $0.timeIntervalSince1970 }
        #expect(try await TestClient(app).get("/x").text == #"{"at":86400,"count":2}"#)
    }

    @Test func responseClassCanFallBackToDefault() async throws {
        struct Envelope: ResponseClass {
            func response(for value: any Sendable, context: RenderContext) throws -> Response {
                if let pairs = value as? [(String, String)] {
                    var response = Response(status: context.status, body: Array(URLEncodedForm(pairs).encoded.utf8))
                    response.mediaType = .formURLEncoded
                    return response
                }
                return try context.defaultResponse(for: value)
            }
        }
        let app = App(routes: [
            Get("/multi") { _ in [("a", "1"), ("a", "2 3")] },
            Get("/json") { _ in Greeting(text: "d") },
        ]).responseClass(Envelope())
        let client = try TestClient(app)
        let multi = try await client.get("/multi")
        #expect(multi.headers["Content-Type"] == "application/x-www-form-urlencoded")
        #expect(multi.text == "a=1&a=2+3")
        let json = try await client.get("/json")
        #expect(json.headers["Content-Type"] == "application/json")
        #expect(json.text == #"{"text":"d"}"#)
    }

    @Test func responseConvertibleType() async throws {
        struct Created: ResponseConvertible {
            let id: Int
            func makeResponse(context: RenderContext) throws -> Response {
                var response = Response(status: .created, text: "id=\(id)")
                response.headers["Location"] = "/things/\(id)"
                return response
            }
        }
        let response = try await fetch(Get("/x") { _ in Created(id: 4) })
        #expect(response.status == .created)
        #expect(response.headers["Location"] == "/things/4")
        #expect(response.text == "id=4")
    }

    @Test func exactWireBytes() async throws {
        let app = App(routes: [Get("/x") { _ in Greeting(text: "hi") }.headers(["X-A": "1"]).cookie(Cookie("c", "2"))])
        let response = try await TestClient(app).get("/x")
        let text = String(decoding: response.rawBytes, as: UTF8.self)
        let date = response.headers["Date"]!
        #expect(text == "HTTP/1.1 200 OK\r\nContent-Length: 13\r\nDate: \(date)\r\nContent-Type: application/json\r\nX-A: 1\r\nSet-Cookie: c=2; Path=/; SameSite=Lax\r\n\r\n{\"text\":\"hi\"}")
    }
}
