import Foundation
import Strata
import StrataTesting
import Synchronization
import Testing

@Suite("Errors")
struct ErrorHandlingTests {
    @Test func httpErrorIsAProblem() async throws {
        let app = App(routes: [Get("/x") { _ -> String in
            throw HTTPError(.conflict, detail: "Version 3 is stale.", headers: ["Retry-After": "5"])
        }])
        let response = try await TestClient(app).get("/x")
        #expect(response.status == .conflict)
        #expect(response.headers["Content-Type"] == "application/problem+json")
        #expect(response.headers["Retry-After"] == "5")
        #expect(response.text == #"{"type":"about:blank","title":"Conflict","status":409,"detail":"Version 3 is stale."}"#)
        #expect(try response.json(ProblemDetails.self) == ProblemDetails(title: "Conflict", status: 409, detail: "Version 3 is stale."))
    }

    @Test func unexpectedErrorLeaksNothingAndIsReported() async throws {
        struct DatabaseDown: Error { let password = "hunter2" }
        let reports = Mutex<[String]>([])
        let app = App(reportError: { report in reports.withLock { $0.append("\(report.source) \(report.route ?? "")") } }, routes: [
            Get("/x") { _ -> String in throw DatabaseDown() },
        ])
        let response = try await TestClient(app).get("/x")
        #expect(response.status == .internalServerError)
        #expect(response.text == #"{"type":"about:blank","title":"Internal Server Error","status":500}"#)
        #expect(!response.text.contains("hunter2") && !response.text.contains("DatabaseDown"))
        #expect(reports.withLock { $0 } == ["handler GET /x"])
    }

    @Test func errorsAreNotCachedUnderALayersCacheControl() async throws {
        let app = App(reportError: { _ in }, routes: [
            Get("/boom") { _ -> String in throw Teapot() },
            Get("/missing") { _ -> String in throw HTTPError(.notFound) },
        ]).cacheControl(.maxAge(60))
        let client = try TestClient(app)
        #expect(try await client.get("/boom").headers.values(for: "Cache-Control") == ["no-store"])
        #expect(try await client.get("/missing").headers.values(for: "Cache-Control") == ["no-store"])
        // An error that says how to cache it is the response's own value.
        let cached = App(routes: [Get("/x") { _ -> String in throw HTTPError(.notFound, headers: ["Cache-Control": "max-age=5"]) }])
        #expect(try await TestClient(cached).get("/x").headers.values(for: "Cache-Control") == ["max-age=5"])
    }

    @Test func convertibleError() async throws {
        enum AccountError: HTTPErrorConvertible {
            case locked
            var httpError: HTTPError { HTTPError(.locked, detail: "Locked.") }
        }
        let app = App(routes: [Get("/x") { _ -> String in throw AccountError.locked }])
        let response = try await TestClient(app).get("/x")
        #expect(response.status == .locked)
        #expect(response.text.contains(#""detail":"Locked.""#))
    }

    /// Litestar drops layered headers on errors (its #4531); Strata finalizes errors like any response.
    @Test func errorsCarryTheRoutesLayeredHeadersAndCookies() async throws {
        let app = App(routes: [
            Router("/api", routes: [Get("/x") { _ -> String in throw HTTPError(.badRequest) }])
                .headers(["X-Router": "r"]).cookie(Cookie("r", "1")),
        ]).headers(["X-App": "a"])
        let response = try await TestClient(app).get("/api/x")
        #expect(response.status == .badRequest)
        #expect(response.headers["X-Router"] == "r")
        #expect(response.headers["X-App"] == "a")
        #expect(response.cookie("r")?.value == "1")
    }

    @Test func notFoundAndMethodNotAllowedGetTheAppPolicy() async throws {
        let app = App(routes: [
            Router("/api", routes: [Get("/x") { _ in "x" }]).headers(["X-Router": "r"]),
        ]).headers(["X-App": "a"])
        let client = try TestClient(app)
        let missing = try await client.get("/nope")
        #expect(missing.status == .notFound)
        #expect(missing.headers["X-App"] == "a")
        #expect(missing.headers["X-Router"] == nil)
        let wrongMethod = try await client.post("/api/x")
        #expect(wrongMethod.status == .methodNotAllowed)
        #expect(wrongMethod.headers["X-App"] == "a")
    }

    @Test func exceptionHandlerByTypeBeatsByStatus() async throws {
        struct Boom: Error {}
        let app = App(routes: [Get("/x") { _ -> String in throw Boom() }])
            .onStatus(.internalServerError) { _, _ in Response(status: .serviceUnavailable, text: "by status") }
            .onError(Boom.self) { _, _ in Response(status: .badGateway, text: "by type") }
        let response = try await TestClient(app).get("/x")
        #expect(response.status == .badGateway)
        #expect(response.text == "by type")
    }

    @Test func exceptionHandlerByStatusForHTTPErrors() async throws {
        let app = App(routes: [Get("/x") { _ -> String in throw HTTPError(.unauthorized, detail: "who?") }])
            .onStatus(.unauthorized) { _, error in
                Response(status: .unauthorized, headers: ["WWW-Authenticate": "Bearer"], text: (error as? HTTPError)?.detail ?? "")
            }
        let response = try await TestClient(app).get("/x")
        #expect(response.headers["WWW-Authenticate"] == "Bearer")
        #expect(response.text == "who?")
    }

    @Test func failingExceptionHandlerFallsBackTo500() async throws {
        struct Boom: Error {}
        let reports = Mutex<[ErrorReport.Source]>([])
        let app = App(reportError: { report in reports.withLock { $0.append(report.source) } }, routes: [
            Get("/x") { _ -> String in throw Boom() },
        ]).onError(Boom.self) { _, _ in throw Boom() }
        let response = try await TestClient(app).get("/x")
        #expect(response.status == .internalServerError)
        #expect(reports.withLock { $0 } == [.exceptionHandler])
    }

    @Test func headerInjectionInAResponseIsRefused() async throws {
        let reports = Mutex<[ErrorReport.Source]>([])
        let app = App(reportError: { report in reports.withLock { $0.append(report.source) } }, routes: [
            Get("/x") { _ in Response(headers: ["X-Evil": "a\r\nSet-Cookie: admin=1"], text: "x") },
            Get("/c") { _ in
                var response = Response(text: "x")
                response.setCookie(Cookie("a", "1\r\nX: y"))
                return response
            },
        ])
        let client = try TestClient(app)
        for path in ["/x", "/c"] {
            let response = try await client.get(path)
            #expect(response.status == .internalServerError)
            #expect(!String(decoding: response.rawBytes, as: UTF8.self).contains("admin=1"))
            #expect(response.headers["X"] == nil)
        }
        #expect(reports.withLock { $0 } == [.invalidResponse, .invalidResponse])
    }

    @Test func afterRequestHookFailureIs500WithLayers() async throws {
        struct Boom: Error {}
        let app = App(reportError: { _ in }, routes: [Get("/x") { _ in "x" }])
            .headers(["X-App": "a"])
            .afterRequest { _, _ in throw Boom() }
        let response = try await TestClient(app).get("/x")
        #expect(response.status == .internalServerError)
        #expect(response.headers["X-App"] == "a")
    }

    @Test func serverFieldsFromAHandlerAreDropped() async throws {
        let app = App(routes: [Get("/x") { _ in Response(headers: ["Content-Length": "999", "Date": "yesterday"], text: "abc") }])
        let response = try await TestClient(app).get("/x")
        #expect(response.headers.values(for: "Content-Length") == ["3"])
        #expect(response.headers.values(for: "Date").count == 1)
        #expect(response.headers["Date"] != "yesterday")
    }
}
