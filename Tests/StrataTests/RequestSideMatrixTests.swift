import Foundation
import Strata
import StrataTesting
import Synchronization
import Testing

/// The four layers a request-side policy can be declared on, outermost first.
let requestLayers: [Level] = [.app, .router, .controller, .handler]

/// Every subset of the four layers: 16 combinations.
let requestLayerSubsets: [Set<Level>] = allLevelSubsets.filter { !$0.contains(.response) }

/// The layers of `levels`, outermost first: the order a request-side chain runs in.
func outermostFirst(_ levels: Set<Level>) -> [Level] {
    requestLayers.filter(levels.contains)
}

/// Where guards, hooks and middleware leave their marks, in the order they ran.
enum Trail: ContextKey { typealias Value = [String] }
enum Depth: MetadataKey { typealias Value = String }

/// `App → Router("/r") → Controller("/c") → Get("/h")`, where `configure` declares the policy
/// under test on each layer in `levels`, and the handler is `route`.
func requestSideApp(_ levels: Set<Level>, configure: @escaping @Sendable (LayerPolicy, Level) -> LayerPolicy,
                    route: (LayerPolicy) -> Get) -> App {
    func policy(_ level: Level) -> LayerPolicy {
        levels.contains(level) ? configure(LayerPolicy(), level) : LayerPolicy()
    }
    return App(policy: policy(.app), routes: [
        Router("/r", policy: policy(.router), routes: [
            MatrixController(path: "/c", policy: policy(.controller), routes: [route(policy(.handler))]),
        ]),
    ])
}

/// The trail the handler saw, sent as its body.
func trailRoute(_ policy: LayerPolicy) -> Get {
    Get("/h", policy: policy) { request in (request.context[Trail.self] ?? []).joined(separator: ",") }
}

extension RequestContext {
    mutating func mark(_ step: String) {
        self[Trail.self] = (self[Trail.self] ?? []) + [step]
    }
}

@Suite("Layer matrix: the request side")
struct RequestSideMatrixTests {
    @Test("guards run outermost first, each seeing what the ones before wrote", arguments: requestLayerSubsets)
    func guardsRunOutermostFirst(levels: Set<Level>) async throws {
        let app = requestSideApp(levels, configure: { policy, level in
            policy.guarded(level.rawValue) { request in request.context.mark(level.rawValue) }
        }, route: trailRoute)
        let response = try await TestClient(app).get("/r/c/h")
        #expect(response.status == .ok)
        #expect(response.text == outermostFirst(levels).map(\.rawValue).joined(separator: ","))
    }

    @Test("the first guard that refuses stops the chain; the refusal is finalized like an error", arguments: requestLayerSubsets.filter { !$0.isEmpty })
    func aRefusalStopsTheChain(levels: Set<Level>) async throws {
        let ran = Counter()
        let refusing = outermostFirst(levels).last!
        let app = requestSideApp(levels, configure: { policy, level in
            policy.headers(["X-\(level.rawValue)": "1"]).cacheControl(CacheControl(maxAge: 60))
                .guarded(level.rawValue, refuses: [.unauthorized]) { request in
                    ran.add(level.rawValue)
                    if level == refusing { throw HTTPError(.unauthorized, headers: ["WWW-Authenticate": "Bearer"]) }
                }
        }, route: { policy in Get("/h", policy: policy) { _ in ran.add("handler ran"); return "ok" } })
        let response = try await TestClient(app).get("/r/c/h")
        #expect(response.status == .unauthorized)
        #expect(ran.values == outermostFirst(levels).map(\.rawValue))
        #expect(response.headers["WWW-Authenticate"] == "Bearer")
        #expect(response.headers.values(for: "Cache-Control") == ["no-store"])
        for level in levels {
            #expect(response.headers.values(for: "X-\(level.rawValue)") == ["1"])
        }
    }

    @Test("before-request hooks run outermost first; the first response answers", arguments: requestLayerSubsets)
    func beforeRequestHooks(levels: Set<Level>) async throws {
        let app = requestSideApp(levels, configure: { policy, level in
            policy.beforeRequest { request in
                request.context.mark(level.rawValue)
                if request.headers["X-Stop-At"] == level.rawValue {
                    return Response(text: "stopped at \(level.rawValue) after \(request.context[Trail.self]!.joined(separator: ","))")
                }
                return nil
            }
        }, route: trailRoute)
        let client = try TestClient(app)
        let order = outermostFirst(levels).map(\.rawValue)
        #expect(try await client.get("/r/c/h").text == order.joined(separator: ","))
        if let stop = outermostFirst(levels).dropFirst(levels.count / 2).first {
            let expected = outermostFirst(levels).prefix { $0 != stop }.map(\.rawValue) + [stop.rawValue]
            let response = try await client.get("/r/c/h", headers: ["X-Stop-At": stop.rawValue])
            #expect(response.text == "stopped at \(stop.rawValue) after \(expected.joined(separator: ","))")
        }
    }

    @Test("middleware is an onion: the request passes outermost first, the response innermost first", arguments: requestLayerSubsets)
    func middlewareOnion(levels: Set<Level>) async throws {
        let app = requestSideApp(levels, configure: { policy, level in
            policy.middleware { request, next in
                var request = request
                request.context.mark(level.rawValue)
                var response = try await next(request)
                response.headers.add("X-Out", level.rawValue)
                return response
            }
        }, route: trailRoute)
        let response = try await TestClient(app).get("/r/c/h")
        let order = outermostFirst(levels).map(\.rawValue)
        #expect(response.text == order.joined(separator: ","))
        #expect(response.headers.values(for: "X-Out") == order.reversed())
    }

    @Test("response-only middleware, mixed with the next form, keep the onion's order", arguments: requestLayerSubsets)
    func responseMiddlewareOrder(levels: Set<Level>) async throws {
        let app = requestSideApp(levels, configure: { policy, level in
            policy
                .middleware(response: { _, response in response.headers.add("X-Out", "\(level.rawValue) response 1") })
                .middleware { request, next in
                    var response = try await next(request)
                    response.headers.add("X-Out", "\(level.rawValue) next")
                    return response
                }
                .middleware(response: { _, response in response.headers.add("X-Out", "\(level.rawValue) response 2") })
        }, route: trailRoute)
        let response = try await TestClient(app).get("/r/c/h")
        let expected = outermostFirst(levels).reversed().flatMap { level in
            ["response 2", "next", "response 1"].map { "\(level.rawValue) \($0)" }
        }
        #expect(response.headers.values(for: "X-Out") == expected)
    }

    @Test("a middleware may answer without calling next; outer ones still see the response", arguments: requestLayerSubsets.filter { !$0.isEmpty })
    func middlewareShortCircuit(levels: Set<Level>) async throws {
        let answering = outermostFirst(levels).last!
        let app = requestSideApp(levels, configure: { policy, level in
            policy.headers(["X-Layer-\(level.rawValue)": "1"]).middleware { request, next in
                var response = level == answering ? Response(status: .tooManyRequests, text: "slow down") : try await next(request)
                response.headers.add("X-Out", level.rawValue)
                return response
            }
        }, route: { policy in Get("/h", policy: policy) { _ in Issue.record("the handler ran"); return "ok" } })
        let response = try await TestClient(app).get("/r/c/h")
        #expect(response.status == .tooManyRequests)
        #expect(response.headers.values(for: "X-Out") == outermostFirst(levels).map(\.rawValue).reversed())
        #expect(response.headers["Cache-Control"] == "no-store")
        for level in levels {
            #expect(response.headers.values(for: "X-Layer-\(level.rawValue)") == ["1"])
        }
    }

    @Test("metadata: the innermost layer wins per key", arguments: requestLayerSubsets)
    func metadata(levels: Set<Level>) async throws {
        let app = requestSideApp(levels, configure: { policy, level in
            policy.metadata(Depth.self, level.rawValue)
        }, route: { policy in
            Get("/h", policy: policy) { request in request.metadata[Depth.self] ?? "none" }
                .guarded("sees metadata") { request in request.context.mark(request.metadata[Depth.self] ?? "none") }
        })
        let response = try await TestClient(app).get("/r/c/h")
        #expect(response.text == (outermostFirst(levels).last?.rawValue ?? "none"))
    }

    @Test("dependencies: the innermost provider wins; each layer's own key reaches the handler", arguments: requestLayerSubsets.filter { !$0.isEmpty })
    func dependencies(levels: Set<Level>) async throws {
        let app = requestSideApp(levels, configure: { policy, level in
            policy.dependency(String.self, name: "shared") { _ in level.rawValue }
                .dependency(String.self, name: level.rawValue) { _ in "own \(level.rawValue)" }
        }, route: { policy in
            let innermost = outermostFirst(levels).last!, outermost = outermostFirst(levels).first!
            return Get("/h", .dependency(String.self, name: "shared"), .dependency(String.self, name: outermost.rawValue),
                       .dependency(String.self, name: innermost.rawValue), policy: policy) { _, shared, outer, inner in
                "\(shared)|\(outer)|\(inner)"
            }
        })
        let response = try await TestClient(app).get("/r/c/h")
        let order = outermostFirst(levels)
        #expect(response.text == "\(order.last!.rawValue)|own \(order.first!.rawValue)|own \(order.last!.rawValue)")
    }

    @Test("the whole onion in one request: guards, hooks, middleware, dependencies, handler, after-request hooks")
    func wholeOrder() async throws {
        let log = Counter()
        let levels = Set(requestLayers)
        let app = requestSideApp(levels, configure: { policy, level in
            let name = level.rawValue
            return policy
                .guarded(name) { _ in log.add("guard \(name)") }
                .beforeRequest { _ in log.add("before \(name)"); return nil }
                .middleware { request, next in
                    log.add("middleware \(name) in")
                    let response = try await next(request)
                    log.add("middleware \(name) out")
                    return response
                }
                .afterRequest { _, response in log.add("after \(name)"); return response }
                .dependency(Int.self, name: name) { _ in log.add("dependency \(name)"); return 1 }
        }, route: { policy in
            Get("/h", .dependency(Int.self, name: "app"), .dependency(Int.self, name: "handler"), policy: policy) { _, _, _ in
                log.add("handler")
                return "ok"
            }
        })
        _ = try await TestClient(app).get("/r/c/h")
        let names = requestLayers.map(\.rawValue)
        let expected = names.map { "guard \($0)" } + names.map { "before \($0)" } + names.map { "middleware \($0) in" }
            + ["dependency app", "dependency handler", "handler"]
            + names.reversed().map { "middleware \($0) out" } + names.reversed().map { "after \($0)" }
        #expect(log.values == expected)
    }
}

/// A thread-safe log for tests.
final class Counter: Sendable {
    private let storage = Mutex<[String]>([])
    func add(_ value: String) { storage.withLock { $0.append(value) } }
    var values: [String] { storage.withLock { $0 } }
}

@Suite("Request side: errors and replaced requests")
struct RequestSideBehaviourTests {
    struct Expired: Error {}

    @Test func aMiddlewareMayPassOnAChangedRequest() async throws {
        let app = App(routes: [
            Post("/echo") { request in "\(request.headers["X-Trace"] ?? "-") \(request.cookies["id"] ?? "-") \(request.text)" }
                .middleware { request, next in
                    var request = request
                    request.headers["X-Trace"] = "abc"
                    request.headers.add("Cookie", "id=7")
                    request.body = Array(request.text.uppercased().utf8)
                    return try await next(request)
                },
        ])
        #expect(try await TestClient(app).post("/echo", body: .text("hello")).text == "abc 7 HELLO")
    }

    /// A middleware that runs another itself, only for some paths, handing it a `next` it made.
    struct OnlyUnder<Inner: Middleware>: Middleware {
        let prefix: String
        let inner: Inner
        func respond(to request: Request, next: Next) async throws -> Response {
            guard request.path.hasPrefix(prefix) else { return try await next(request) }
            return try await inner.respond(to: request, next: MiddlewareNext { request in
                var response = try await next(request)
                response.headers.add("X-Made-Next", "1")
                return response
            })
        }
    }

    @Test func aMiddlewareMayCallAnotherWithANextItMade() async throws {
        let stamp = ResponseMiddleware { _, response in response.headers.add("X-Inner", "1") }
        let app = App(routes: [Get("/api/x") { _ in "x" }, Get("/other") { _ in "o" }])
            .middleware(OnlyUnder(prefix: "/api/", inner: stamp))
        let client = try TestClient(app)
        let api = try await client.get("/api/x")
        #expect(api.text == "x")
        #expect(api.headers.values(for: "X-Made-Next") == ["1"])
        #expect(api.headers.values(for: "X-Inner") == ["1"])
        let other = try await client.get("/other")
        #expect(other.text == "o")
        #expect(!other.headers.contains("X-Inner") && !other.headers.contains("X-Made-Next"))
    }

    @Test func aNextCalledTwiceRunsTheRestOfTheRouteTwiceInOrder() async throws {
        let seen = Counter()
        let app = App(routes: [
            Router("/r", routes: [
                Get("/x") { _ in seen.add("handler"); return "x" }
                    .middleware { request, next in seen.add("handler-layer"); return try await next(request) },
            ]).middleware { request, next in seen.add("router"); return try await next(request) },
        ])
        .middleware { request, next in
            // A retry: the same `next`, twice, the first answer dropped.
            _ = try await next(request)
            return try await next(request)
        }
        #expect(try await TestClient(app).get("/r/x").text == "x")
        #expect(seen.values == ["router", "handler-layer", "handler", "router", "handler-layer", "handler"])
    }

    @Test func errorsPassThroughMiddlewareWhichMayCatchThem() async throws {
        let seen = Counter()
        let app = App(routes: [
            Get("/fails") { _ -> String in throw HTTPError(.conflict) },
            Get("/caught") { _ -> String in throw Expired() },
        ])
        .middleware { request, next in
            do {
                return try await next(request)
            } catch is Expired {
                return Response(status: .gone, text: "expired")
            } catch {
                seen.add("\(error)")
                throw error
            }
        }
        let client = try TestClient(app)
        #expect(try await client.get("/fails").status == .conflict)
        #expect(seen.values == ["409 Conflict"])
        let caught = try await client.get("/caught")
        #expect(caught.status == .gone)
        #expect(caught.text == "expired")
    }

    @Test func aGuardsErrorIsAnsweredByTheExceptionHandlers() async throws {
        let app = App(routes: [
            Get("/") { _ in "ok" }.guarded("token fresh") { _ in throw Expired() },
        ]).onError(Expired.self) { _, _ in Response(status: .unauthorized, text: "token expired") }
        let response = try await TestClient(app).get("/")
        #expect(response.status == .unauthorized)
        #expect(response.text == "token expired")
    }

    @Test func aBeforeRequestHookThatThrowsIsAnErrorOfTheRoute() async throws {
        let ran = Counter()
        let app = App(routes: [
            Get("/") { _ in ran.add("handler"); return "ok" }
                .beforeRequest { _ in throw HTTPError(.serviceUnavailable, headers: ["Retry-After": "5"]) },
        ]).headers(["X-App": "1"])
        let response = try await TestClient(app).get("/")
        #expect(response.status == .serviceUnavailable)
        #expect(response.headers["Retry-After"] == "5")
        #expect(response.headers["X-App"] == "1")
        #expect(ran.values.isEmpty)
    }

    @Test func guardsSeeTheHeadButNotTheContent() async throws {
        let app = App(routes: [
            Post("/{id:int}") { request in request.text }
                .guarded("sees the head") { request in
                    guard request.body.isEmpty, try request.parameters.int("id") == 7, request.method == .post,
                          request.route == "/{id:int}" else { throw HTTPError(.forbidden) }
                },
        ])
        #expect(try await TestClient(app).post("/7", body: .text("content")).text == "content")
    }
}
