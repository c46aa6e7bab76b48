import Foundation
import Strata
import StrataTesting
import Testing

/// Every policy, every combination of the five levels: the innermost value wins and no key
/// is sent twice.
@Suite("Layer matrix")
struct LayerMatrixTests {
    @Test("headers: innermost wins, sent once", arguments: allLevelSubsets)
    func headers(levels: Set<Level>) async throws {
        let app = layeredApp(levels, configure: { policy, level in
            policy.headers = ["X-Policy": level.rawValue, "X-\(level.rawValue)": "1"]
        }, respond: { setsResponse in
            var response = Response(text: "ok")
            if setsResponse { response.headers["x-policy"] = "response" }
            return response
        })
        let response = try await TestClient(app).get("/r/c/h")
        #expect(response.headers.values(for: "X-Policy") == (innermost(of: levels).map { [$0.rawValue] } ?? []))
        #expect(occurrences(of: "policy:", in: response.rawBytes.lowercased()) == (levels.isEmpty ? 0 : 1))
        // Different names from every layer all arrive (the union).
        for level in levels where level != .response {
            #expect(response.headers["X-\(level.rawValue)"] == "1")
        }
    }

    @Test("cookies: innermost wins by name+domain+path, sent once", arguments: allLevelSubsets)
    func cookies(levels: Set<Level>) async throws {
        let app = layeredApp(levels, configure: { policy, level in
            policy.cookies = [Cookie("session", level.rawValue), Cookie(level.rawValue, "1")]
        }, respond: { setsResponse in
            var response = Response(text: "ok")
            if setsResponse { response.setCookie(Cookie("session", "response")) }
            return response
        })
        let response = try await TestClient(app).get("/r/c/h")
        let sessions = response.cookies.filter { $0.name == "session" }
        #expect(sessions.map(\.value) == (innermost(of: levels).map { [$0.rawValue] } ?? []))
        for level in levels where level != .response {
            #expect(response.cookie(level.rawValue)?.value == "1")
        }
    }

    @Test("cookies with another path are another cookie")
    func cookieKeyIncludesPath() async throws {
        let app = App(policy: LayerPolicy(cookies: [Cookie("id", "app", path: "/")]), routes: [
            Get("/x", policy: LayerPolicy(cookies: [Cookie("id", "handler", path: "/x")])) { _ in "ok" },
        ])
        let cookies = try await TestClient(app).get("/x").cookies
        #expect(cookies.map(\.headerValue) == ["id=app; Path=/; SameSite=Lax", "id=handler; Path=/x; SameSite=Lax"])
    }

    @Test("cache-control: innermost wins whole", arguments: allLevelSubsets)
    func cacheControl(levels: Set<Level>) async throws {
        let ages: [Level: Int] = [.app: 10, .router: 20, .controller: 30, .handler: 40, .response: 50]
        let app = layeredApp(levels, configure: { policy, level in
            policy.cacheControl = CacheControl(maxAge: ages[level]!, isPublic: level == .app)
        }, respond: { setsResponse in
            var response = Response(text: "ok")
            if setsResponse { response.cacheControl = .maxAge(50) }
            return response
        })
        let response = try await TestClient(app).get("/r/c/h")
        let expected = innermost(of: levels).map { level in
            CacheControl(maxAge: ages[level]!, isPublic: level == .app).headerValue
        }
        #expect(response.headers.values(for: "Cache-Control") == (expected.map { [$0] } ?? []))
    }

    @Test("ETag: innermost wins", arguments: allLevelSubsets)
    func etag(levels: Set<Level>) async throws {
        let app = layeredApp(levels, configure: { policy, level in
            policy.etag = ETag(level.rawValue, weak: level == .router)
        }, respond: { setsResponse in
            var response = Response(text: "ok")
            if setsResponse { response.etag = ETag("response") }
            return response
        })
        let response = try await TestClient(app).get("/r/c/h")
        let expected = innermost(of: levels).map { ETag($0.rawValue, weak: $0 == .router).headerValue }
        #expect(response.headers.values(for: "ETag") == (expected.map { [$0] } ?? []))
    }

    @Test("response class: innermost wins", arguments: allLevelSubsets.filter { !$0.contains(.response) })
    func responseClass(levels: Set<Level>) async throws {
        let app = App(policy: policy(.app, levels), routes: [
            Router("/r", policy: policy(.router, levels), routes: [
                MatrixController(path: "/c", policy: policy(.controller, levels), routes: [
                    Get("/h", policy: policy(.handler, levels)) { _ in Greeting(text: "hi") },
                ]),
            ]),
        ])
        let response = try await TestClient(app).get("/r/c/h")
        let expected = innermost(of: levels).map { "\($0.rawValue):hi" } ?? #"{"text":"hi"}"#
        #expect(response.text == expected)

        func policy(_ level: Level, _ levels: Set<Level>) -> LayerPolicy {
            levels.contains(level) ? LayerPolicy(responseClass: TaggingResponseClass(tag: level.rawValue)) : LayerPolicy()
        }
    }

    @Test("request-body limit: innermost wins", arguments: allLevelSubsets.filter { !$0.contains(.response) })
    func requestBodyLimit(levels: Set<Level>) async throws {
        let limits: [Level: Int] = [.app: 1, .router: 2, .controller: 3, .handler: 4]
        let app = layeredApp(levels, configure: { policy, level in policy.requestBodyLimit = limits[level]! })
        let limit = innermost(of: levels).map { limits[$0]! } ?? LayerPolicy.defaultRequestBodyLimit
        let client = try TestClient(app)
        let fits = try await client.request(.get, "/r/c/h", body: .bytes(Array(repeating: 65, count: min(limit, 100))))
        #expect(fits.status == .ok)
        if limit < 100 {
            let tooLarge = try await client.request(.get, "/r/c/h", body: .bytes(Array(repeating: 65, count: limit + 1)))
            #expect(tooLarge.status == .contentTooLarge)
        }
    }

    @Test("nil encoding: innermost wins", arguments: allLevelSubsets.filter { !$0.contains(.response) })
    func nilEncoding(levels: Set<Level>) async throws {
        // The layers alternate, so whichever is innermost decides.
        let choices: [Level: NilEncoding] = [.app: .null, .router: .omitted, .controller: .null, .handler: .omitted]
        let typed = App(policy: policy(.app), routes: [
            Router("/r", policy: policy(.router), routes: [
                MatrixController(path: "/c", policy: policy(.controller), routes: [
                    Get("/h", policy: policy(.handler)) { _ in Optionals(text: "hi", note: nil) },
                ]),
            ]),
        ])
        let response = try await TestClient(typed).get("/r/c/h")
        let writesNull = innermost(of: levels).map { choices[$0]! } == .null
        #expect(response.text == (writesNull ? #"{"text":"hi","note":null}"# : #"{"text":"hi"}"#))

        func policy(_ level: Level) -> LayerPolicy {
            levels.contains(level) ? LayerPolicy(nilEncoding: choices[level]) : LayerPolicy()
        }
    }

    @Test("default media type: innermost wins", arguments: allLevelSubsets.filter { !$0.contains(.response) })
    func defaultMediaType(levels: Set<Level>) async throws {
        let types: [Level: MediaType] = [.app: .html, .router: .css, .controller: .xml, .handler: MediaType("text/markdown")!]
        let app = App(policy: policy(.app), routes: [
            Router("/r", policy: policy(.router), routes: [
                MatrixController(path: "/c", policy: policy(.controller), routes: [
                    Get("/h", policy: policy(.handler)) { _ in "text" },
                ]),
            ]),
        ])
        let response = try await TestClient(app).get("/r/c/h")
        let expected = (innermost(of: levels).map { types[$0]! } ?? .plainText).withCharset("utf-8")
        #expect(response.headers["Content-Type"] == expected.description)

        func policy(_ level: Level) -> LayerPolicy {
            levels.contains(level) ? LayerPolicy(defaultMediaType: types[level]) : LayerPolicy()
        }
    }

    @Test("type encoders: innermost wins per type", arguments: allLevelSubsets.filter { !$0.contains(.response) })
    func typeEncoders(levels: Set<Level>) async throws {
        let app = App(policy: policy(.app), routes: [
            Router("/r", policy: policy(.router), routes: [
                MatrixController(path: "/c", policy: policy(.controller), routes: [
                    Get("/h", policy: policy(.handler)) { _ in Stamped(at: Date(timeIntervalSince1970: 0), count: 1) },
                ]),
            ]),
        ])
        let response = try await TestClient(app).get("/r/c/h")
        let date = innermost(of: levels).map { "\"\($0.rawValue)\"" } ?? "\"1970-01-01T00:00:00Z\""
        let count = levels.contains(.app) ? "\"one\"" : "1"
        #expect(response.text == #"{"at":\#(date),"count":\#(count)}"#)

        func policy(_ level: Level) -> LayerPolicy {
            guard levels.contains(level) else { return LayerPolicy() }
            var encoders = TypeEncoders().encoding(Date.self) { _ in level.rawValue }
            // A second type set only by the app survives the inner layers' Date overrides.
            if level == .app { encoders = encoders.encoding(Int.self) { $0 == 1 ? "one" : "many" } }
            return LayerPolicy(typeEncoders: encoders)
        }
    }

    @Test("exception handlers: innermost wins per key", arguments: allLevelSubsets.filter { !$0.contains(.response) })
    func exceptionHandlers(levels: Set<Level>) async throws {
        let app = layeredApp(levels, configure: { policy, level in
            policy.exceptionHandlers = ExceptionHandlers()
                .on(Teapot.self) { _, _ in Response(status: .imATeapot, text: level.rawValue) }
                .on(.notFound) { _, _ in Response(status: .notFound, text: "missing-\(level.rawValue)") }
        }, respond: { _ in throw Teapot() })
        let response = try await TestClient(app).get("/r/c/h")
        if let winner = innermost(of: levels) {
            #expect(response.status == .imATeapot)
            #expect(response.text == winner.rawValue)
        } else {
            #expect(response.status == .internalServerError)
        }
        // 404 for an unknown path gets the app layer's handler only.
        let missing = try await TestClient(app).get("/nowhere")
        #expect(missing.text == (levels.contains(.app) ? "missing-app" : missing.text))
        #expect(missing.status == .notFound)
    }

    @Test("after-request hooks chain: handler's first, then outward", arguments: allLevelSubsets.filter { !$0.contains(.response) })
    func afterRequestHooks(levels: Set<Level>) async throws {
        let app = layeredApp(levels, configure: { policy, level in
            policy.afterRequest = [{ _, response in
                var response = response
                response.headers.add("X-Hook", level.rawValue)
                return response
            }]
        })
        let response = try await TestClient(app).get("/r/c/h")
        let order: [Level] = [.handler, .controller, .router, .app]
        #expect(response.headers.values(for: "X-Hook") == order.filter(levels.contains).map(\.rawValue))
    }

    @Test("background tasks: concatenated innermost first", arguments: allLevelSubsets)
    func backgroundTasks(levels: Set<Level>) async throws {
        let log = Log()
        let app = layeredApp(levels, configure: { policy, level in
            policy.backgroundTasks = [BackgroundTask { await log.append(level.rawValue) }]
        }, respond: { setsResponse in
            var response = Response(text: "ok")
            if setsResponse { response.addBackgroundTask(BackgroundTask { await log.append("response") }) }
            return response
        })
        _ = try await TestClient(app).get("/r/c/h")
        let order: [Level] = [.response, .handler, .controller, .router, .app]
        #expect(await log.entries == order.filter(levels.contains).map(\.rawValue))
    }
}

struct Greeting: Codable, Sendable {
    let text: String
}

struct Stamped: Encodable, Sendable {
    let at: Date
    let count: Int
}

struct Teapot: Error {}

/// Renders every value as `<tag>:<text>` so a test can tell which layer's class ran.
struct TaggingResponseClass: ResponseClass {
    let tag: String
    func response(for value: any Sendable, context: RenderContext) throws -> Response {
        let text = (value as? Greeting)?.text ?? "?"
        return Response(status: context.status, text: "\(tag):\(text)")
    }
}

/// An ordered record of events from concurrent code.
actor Log {
    private(set) var entries: [String] = []
    func append(_ entry: String) { entries.append(entry) }
}

extension [UInt8] {
    func lowercased() -> [UInt8] {
        map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
    }
}

/// A value with an optional that is nil.
struct Optionals: Codable, Sendable {
    var text: String
    var note: String?
}
