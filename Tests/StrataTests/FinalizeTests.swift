import Foundation
import Strata
import StrataTesting
import Synchronization
import Testing

/// The finalize step's edge cases: no key twice, the response's own values first, errors and
/// HEAD handled like everything else.
@Suite("Finalize")
struct FinalizeTests {
    @Test func tupleContentTypeReplacesTheRoutesOnce() async throws {
        let app = App(routes: [
            Get("/x") { _ in ("<p>", HTTPStatus.ok, ["Content-Type": "text/html"] as HTTPHeaders) },
            Get("/y") { _ in ("<p>", HTTPStatus.ok, ["Content-Type": "text/html"] as HTTPHeaders) }.headers(["X-Layer": "1"]),
        ])
        let client = try TestClient(app)
        #expect(try await client.get("/x").headers.values(for: "Content-Type") == ["text/html"])
        #expect(try await client.get("/y").headers.values(for: "Content-Type") == ["text/html"])
    }

    @Test func aResponseSendsOneCookiePerKey() async throws {
        let app = App(routes: [
            Get("/x") { _ in
                var response = Response(headers: ["Set-Cookie": "a=raw; Path=/"], text: "x")
                response.cookies = [Cookie("a", "1"), Cookie("b", "1"), Cookie("a", "2")]
                return response
            },
        ])
        let response = try await TestClient(app).get("/x")
        #expect(response.headers.values(for: "Set-Cookie") == ["b=1; Path=/; SameSite=Lax", "a=2; Path=/; SameSite=Lax"])
    }

    @Test func aRawSetCookieWithoutPathOverridesTheLayersRootCookie() async throws {
        let app = App(routes: [Get("/x") { _ in Response(headers: ["Set-Cookie": "s=raw"], text: "x") }])
            .cookie(Cookie("s", "layer"))
        let response = try await TestClient(app).get("/x")
        #expect(response.headers.values(for: "Set-Cookie") == ["s=raw"])
    }

    @Test func deletingACookieKeepsItsAttributes() async throws {
        let partitioned = Cookie("chip", "1", secure: true, sameSite: .none, partitioned: true)
        let app = App(routes: [Get("/x") { _ in
            var response = Response(text: "x")
            response.deleteCookie(partitioned)
            return response
        }]).cookie(partitioned)
        let response = try await TestClient(app).get("/x")
        #expect(response.headers.values(for: "Set-Cookie") == [
            "chip=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; Secure; SameSite=None; Partitioned",
        ])
    }

    @Test func anInterimStatusIsNeverFinal() async throws {
        let reports = Mutex<[ErrorReport.Source]>([])
        let app = App(reportError: { report in reports.withLock { $0.append(report.source) } }, routes: [
            Get("/x") { _ in Response(status: .continue) },
        ])
        #expect(try await TestClient(app).get("/x").status == .internalServerError)
        #expect(reports.withLock { $0 } == [.invalidResponse])
    }

    @Test func anInvalidResponseBecomesA500WithTheLayers() async throws {
        let app = App(reportError: { _ in }, routes: [Get("/x") { _ in Response(headers: ["X": "a\nb"], text: "x") }])
            .headers(["X-App": "1"]).cookie(Cookie("app", "1"))
        let response = try await TestClient(app).get("/x")
        #expect(response.status == .internalServerError)
        #expect(response.headers["X-App"] == "1")
        #expect(response.cookie("app")?.value == "1")
    }

    @Test func transportFieldsFromAHandlerAreDropped() async throws {
        let app = App(routes: [Get("/x") { _ in Response(headers: ["Keep-Alive": "timeout=5", "Upgrade": "h2c", "Transfer-Encoding": "chunked"], text: "x") }])
        let response = try await TestClient(app).get("/x")
        #expect(response.headers["Keep-Alive"] == nil)
        #expect(response.headers["Upgrade"] == nil)
        #expect(response.headers["Transfer-Encoding"] == nil)
        #expect(response.text == "x")
    }

    /// The transport's fields in any case, against look-alikes of the same length and first
    /// letter, which are the handler's own and stay.
    @Test(arguments: ["keep-alive", "UPGRADE", "proxy-Connection", "transfer-encoding", "date", "CONTENT-LENGTH"])
    func transportFieldsAreToldInAnyCase(name: String) async throws {
        let app = App(routes: [Get("/x") { _ in
            Response(headers: [name: "1", "Kept-Alive": "1", "Uograde": "1", "Proxy-Connectiom": "1", "Dato": "1", "Content-Lengty": "1"], text: "x")
        }])
        let response = try await TestClient(app).get("/x")
        #expect(!response.headers.fields.contains { $0.name == name })
        for kept in ["Kept-Alive", "Uograde", "Proxy-Connectiom", "Dato", "Content-Lengty"] {
            #expect(response.headers[kept] == "1")
        }
    }

    @Test func aLayersETagIsNotSentWithErrors() async throws {
        let app = App(routes: [
            Get("/ok") { _ in "x" },
            Get("/missing") { _ -> String in throw HTTPError(.notFound) },
            Get("/typed-error") { _ in ("gone", HTTPStatus.gone) },
        ]).etag(ETag("v1"))
        let client = try TestClient(app)
        #expect(try await client.get("/ok").headers["ETag"] == "\"v1\"")
        #expect(try await client.get("/missing").headers["ETag"] == nil)
        #expect(try await client.get("/typed-error").headers["ETag"] == nil)
    }

    @Test func aFailingHookKeepsTheResponsesBackgroundTasks() async throws {
        struct Boom: Error {}
        let log = Log()
        let app = App(reportError: { _ in }, routes: [Get("/x") { _ in
            var response = Response(text: "x")
            response.addBackgroundTask(BackgroundTask { await log.append("task") })
            return response
        }]).afterRequest { _, _ in throw Boom() }
        #expect(try await TestClient(app).get("/x").status == .internalServerError)
        #expect(await log.entries == ["task"])
    }

    @Test func theInnermostExceptionHandlerWinsAcrossKeys() async throws {
        let app = App(routes: [
            Get("/x") { _ -> String in throw HTTPError(.notFound) }
                .onStatus(.notFound) { _, _ in Response(status: .notFound, text: "handler by status") },
        ]).onError(HTTPError.self) { _, _ in Response(status: .notFound, text: "app by type") }
        #expect(try await TestClient(app).get("/x").text == "handler by status")
    }

    @Test func explicitHeadAnnouncesItsLength() async throws {
        let app = App(routes: [
            Head("/big") { _ in Response(headers: ["Content-Length": "1000"]) },
            Head("/quiet") { _ in },
            Get("/empty") { _ in },
        ])
        let client = try TestClient(app)
        let big = try await client.head("/big")
        #expect(big.headers.values(for: "Content-Length") == ["1000"])
        #expect(big.body.isEmpty)
        #expect(try await client.head("/quiet").headers["Content-Length"] == nil)
        #expect(try await client.head("/empty").headers.values(for: "Content-Length") == ["0"])
    }

    @Test func flaskStyleIntegerStatus() async throws {
        let app = App(routes: [
            Post("/a") { _ in (Greeting(text: "queued"), 202) },
            Post("/b") { _ in ("made", 201, ["Location": "/b/1"] as HTTPHeaders) },
        ])
        let client = try TestClient(app)
        let accepted = try await client.post("/a")
        #expect(accepted.status == .accepted)
        #expect(accepted.text == #"{"text":"queued"}"#)
        let created = try await client.post("/b")
        #expect(created.status == .created)
        #expect(created.headers["Location"] == "/b/1")
    }

    @Test func customMethodLiteral() async throws {
        let purge: HTTPMethod = "PURGE"
        let app = App(routes: [Handler([purge], "/cache") { _ in "purged" }])
        #expect(try await TestClient(app).request("PURGE", "/cache").text == "purged")
    }
}
