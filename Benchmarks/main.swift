import Foundation
import Strata
import StrataTesting

// swift run -c release StrataBenchmarks
// Micro-benchmarks of Strata's hot paths; prints a Markdown table. Figures are for comparison
// on one machine and one run — see Documentation/Performance.md.

struct Message: Codable, Sendable {
    let message: String
}

struct User: Codable, Sendable {
    let id: Int
    let name: String
    let email: String
    let admin: Bool
    let score: Double
    let tags: [String]
}

/// 1,000 routes in four layers: 10 routers × 10 controllers × 10 handlers, with parameters.
func thousandRouteApp() -> App {
    App(routes: (0..<10).map { router in
        Router("/r\(router)", routes: (0..<10).map { controller in
            Router("/c\(controller)/{id:int}", routes: (0..<10).map { handler in
                Get("/h\(handler)/{name}") { _ in "ok" }.headers(["X-H": "\(handler)"])
            }).headers(["X-C": "\(controller)"]).cacheControl(.maxAge(controller))
        }).headers(["X-R": "\(router)"]).cookie(Cookie("r", "\(router)"))
    }).headers(["X-App": "1"])
}

/// What each of `/guarded`'s four layers declares (as in `Examples/Hello`), or one part of it:
/// a guard that passes when the request has a `Host` field, a middleware that adds
/// `x-<layer>-m: 1` (the `next` form, or a response-only one, which a route fuses into one
/// step), a dependency — the layer's depth. The parts alone show where `/guarded`'s cost goes.
enum GuardedPart {
    case all(responseOnly: Bool), guards, noopMiddleware, middleware, dependencies

    func apply<L: LayerConfigurable>(to layer: L, _ name: String, depth: Int) -> L.Configured {
        let marker = "x-\(name)-m"
        let hostCheck: @Sendable (inout Request) throws -> Void = { request in
            guard request.headers.contains("Host") else { throw HTTPError(.badRequest) }
        }
        let addMarker = ClosureMiddleware { request, next in
            var response = try await next(request)
            response.headers.add(marker, "1")
            return response
        }
        switch self {
        case .all(let responseOnly):
            let middleware: any Middleware = responseOnly ? ResponseMiddleware { _, response in response.headers.add(marker, "1") } : addMarker
            return layer.guarded("host", hostCheck).middleware(middleware).dependency(Int.self, name: name) { _ in depth }
        case .guards: return layer.guarded("host", hostCheck)
        case .noopMiddleware: return layer.middleware { request, next in try await next(request) }
        case .middleware: return layer.middleware(addMarker)
        case .dependencies: return layer.dependency(Int.self, name: name) { _ in depth }
        }
    }
}

/// `/json` at `path` under four layers — app, router, controller, handler — that each declare
/// `part`; the handler reads the four dependencies where the layers provide them.
func guardedRoute(_ path: String, _ part: GuardedPart) -> any RouteComponent {
    let handler: Get
    switch part {
    case .all, .dependencies:
        handler = Get("", .dependency(Int.self, name: "app"), .dependency(Int.self, name: "router"),
                      .dependency(Int.self, name: "controller"), .dependency(Int.self, name: "handler")) { _, a, b, c, d in
            blackHole(a + b + c + d)
            return Message(message: "Hello, World!")
        }
    case .guards, .noopMiddleware, .middleware:
        handler = Get("") { _ in Message(message: "Hello, World!") }
    }
    return part.apply(to: Router(path, routes: [
        part.apply(to: Router("/", routes: [
            part.apply(to: Router("/", routes: [part.apply(to: handler, "handler", depth: 3)]), "controller", depth: 2),
        ]), "router", depth: 1),
    ]), "app", depth: 0)
}

/// Benchmarks named on the command line, or all of them.
let selection = Set(CommandLine.arguments.dropFirst())
func selected(_ name: String) -> Bool { selection.isEmpty || selection.contains(name) }

var rows: [(String, String, String)] = []
@MainActor
func record(_ name: String, _ value: String, _ note: String = "") {
    rows.append((name, value, note))
    print("\(name): \(value) \(note)")
}

// Router: match among 1,000 routes with two parameters.
let big = try thousandRouteApp().build()
if selected("router") {
let paths = (0..<64).map { "/r\($0 % 10)/c\(($0 / 10) % 10)/\($0)/h\($0 % 10)/name\($0)" }
let router = try Benchmark(name: "router") { count in
    for index in 0..<count { blackHole(big.match(.get, path: paths[index & 63])) }
}.run()
record("router: match among 1,000 routes (2 parameters)", "\(format(router)) ns/match")
}

// App build: 1,000 routes in four layers, resolved and encoded; without an API document, and
// with the default one.
if selected("build") {
let bare = Benchmark(name: "build") { count in
    for _ in 0..<count {
        var app = thousandRouteApp()
        app.openAPI = nil
        blackHole(try app.build())
    }
}
let bareNanoseconds = try bare.run(duration: .seconds(2))
let documented = Benchmark(name: "build-openapi") { count in
    for _ in 0..<count { blackHole(try thousandRouteApp().build()) }
}
let documentedNanoseconds = try documented.run(duration: .seconds(2))
record("app build: 1,000 routes in 4 layers", "\(format(bareNanoseconds / 1e6, digits: 2)) ms",
       "with its OpenAPI document \(format(documentedNanoseconds / 1e6, digits: 2)) ms")
}

// The OpenAPI document of 1,000 routes over 200 types: the build with it less the build
// without it, each the fastest of 15 interleaved builds (the machine's noise only adds time).
if selected("openapi") {
func milliseconds(_ build: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try build()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15
}
var fastestWithout = Double.infinity, fastestWith = Double.infinity
for _ in 0..<15 {
    fastestWithout = min(fastestWithout, try milliseconds { blackHole(try openAPIApp(document: nil).build()) })
    fastestWith = min(fastestWith, try milliseconds { blackHole(try openAPIApp(document: OpenAPI()).build()) })
}
let document = try openAPIApp(document: OpenAPI()).build().openAPIDocument
let routeCount = try openAPIApp(document: nil).build().routes.count
let typeCount: Int
if case .object(let top)? = document?.json, case .object(let components)? = top["components"], case .object(let schemas)? = components["schemas"] {
    typeCount = schemas.count
} else {
    typeCount = 0
}
record("OpenAPI document: \(routeCount) routes, \(typeCount) schemas", "\(format(fastestWith - fastestWithout, digits: 2)) ms",
       "(fastest build \(format(fastestWithout, digits: 2)) ms without it, \(format(fastestWith, digits: 2)) ms with it)")
}

// Logging: one access-like line, formatted and written (run with 2>/dev/null: the write is a
// syscall to /dev/null, the rest is formatting).
if selected("log") {
let logger = Logger(label: "strata.access")
for lineFormat in [StandardErrorLogHandler.Format.logfmt, .json] {
    var formatted = logger
    formatted.handler = StandardErrorLogHandler(format: lineFormat)
    let line = try Benchmark(name: "log") { count in
        for index in 0..<count {
            formatted.info("GET /json 200", metadata: ["method": "GET", "path": "/json", "route": "/json", "status": 200, "bytes": .integer(index & 1023),
                                                       "duration_ms": 0.034, "client": "127.0.0.1", "request_id": "0123456789abcdef0123456789abcdef"])
        }
    }.run()
    record("log: one access line (\(lineFormat)) to /dev/null", "\(format(line)) ns/line")
}
}

// JSON: a small struct, Strata's encoder beside Foundation's.
let strataJSON = JSONValueEncoder()
let foundationJSON = JSONEncoder()
let message = Message(message: "Hello, World!")
let user = User(id: 42, name: "Ada Lovelace", email: "ada@example.com", admin: true, score: 99.5, tags: ["math", "engines"])
if selected("json") {
let jsonStrata = try Benchmark(name: "json") { count in
    for _ in 0..<count { blackHole(try strataJSON.encode(message)) }
}.run()
let jsonFoundation = try Benchmark(name: "json-foundation") { count in
    for _ in 0..<count { blackHole(try foundationJSON.encode(message)) }
}.run()
record("JSON encode {\"message\":…}: Strata", "\(format(jsonStrata)) ns", "Foundation JSONEncoder \(format(jsonFoundation)) ns (×\(format(jsonFoundation / jsonStrata, digits: 2)))")
let userStrata = try Benchmark(name: "json-user") { count in
    for _ in 0..<count { blackHole(try strataJSON.encode(user)) }
}.run()
let userFoundation = try Benchmark(name: "json-user-foundation") { count in
    for _ in 0..<count { blackHole(try foundationJSON.encode(user)) }
}.run()
record("JSON encode 6-field user: Strata", "\(format(userStrata)) ns", "Foundation JSONEncoder \(format(userFoundation)) ns (×\(format(userFoundation / userStrata, digits: 2)))")
}

// MessagePack.
if selected("msgpack") {
let msgpack = MessagePackEncoder()
let msgpackUser = try Benchmark(name: "msgpack") { count in
    for _ in 0..<count { blackHole(try msgpack.encode(user)) }
}.run()
record("MessagePack encode 6-field user", "\(format(msgpackUser)) ns")
}

// Header and cookie serialization.
let headers: HTTPHeaders = ["Content-Type": "application/json", "Cache-Control": "max-age=60", "X-Request-Id": "abc123"]
let cookie = Cookie("session", "abcdef0123456789", maxAge: 3600, path: "/", secure: true, httpOnly: true, sameSite: .strict)
let response = HTTPResponse(status: .ok, headers: headers, body: .bytes(Array(#"{"message":"Hello, World!"}"#.utf8)))
if selected("serialize") {
var buffer: [UInt8] = []
buffer.reserveCapacity(512)
let serialize = try Benchmark(name: "serialize") { count in
    for _ in 0..<count {
        buffer.removeAll(keepingCapacity: true)
        try HTTPResponseSerializer.serialize(response, date: "Mon, 23 Nov 2026 12:00:00 GMT", into: &buffer)
    }
}.run()
record("response head + 3 headers + body serialized", "\(format(serialize)) ns")
let cookieFormat = try Benchmark(name: "cookie") { count in
    for _ in 0..<count { blackHole(cookie.headerValue) }
}.run()
record("Set-Cookie value with 5 attributes", "\(format(cookieFormat)) ns")
}

// The whole pipeline in process, through the test client: /json, and /guarded — the same
// body through four layers that each declare a guard, a middleware and a dependency.
if selected("client") {
let client = try TestClient(App(routes: [
    Get("/json") { _ in Message(message: "Hello, World!") },
    guardedRoute("/guarded", .all(responseOnly: false)),
    guardedRoute("/guarded-response", .all(responseOnly: true)),
    guardedRoute("/guards", .guards),
    guardedRoute("/noop-middleware", .noopMiddleware),
    guardedRoute("/middleware", .middleware),
    guardedRoute("/dependencies", .dependencies),
    // What `/guarded`'s four response fields cost on their own: one response-only middleware
    // that adds them, against the same middleware adding none.
    Get("/response-middleware") { _ in Message(message: "Hello, World!") }
        .middleware(response: { _, response in blackHole(response.status) }),
    Get("/response-fields") { _ in Message(message: "Hello, World!") }.middleware(response: { _, response in
        response.headers.add("x-app-m", "1")
        response.headers.add("x-router-m", "1")
        response.headers.add("x-controller-m", "1")
        response.headers.add("x-handler-m", "1")
    }),
]))
// CLIENT_PATHS="/json /guarded" measures only those, e.g. alternating two builds, or under
// `perf record`.
let clientPaths = ProcessInfo.processInfo.environment["CLIENT_PATHS"].map { $0.split(separator: " ").map(String.init) }
    ?? ["/json", "/guarded", "/guarded-response", "/guards", "/noop-middleware", "/middleware", "/dependencies", "/response-middleware",
        "/response-fields"]
for path in clientPaths {
    // Off the main actor: top-level code runs there, and each request would hop threads twice.
    let clientNanoseconds = try await Task.detached {
        // Async work cannot go through `Benchmark`; the same method by hand.
        var samples: [Double] = []
        for _ in 0..<6 {
            let start = ContinuousClock.now
            var count = 0
            while ContinuousClock.now - start < .milliseconds(200) {
                for _ in 0..<100 { blackHole(try await client.get(path)) }
                count += 100
            }
            let elapsed = ContinuousClock.now - start
            samples.append((Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9) / Double(count))
        }
        return samples.dropFirst().sorted()[2]
    }.value
    record("in-process test client, GET \(path)", "\(format(1e9 / clientNanoseconds / 1000, digits: 1))k req/s", "(\(format(clientNanoseconds / 1000, digits: 2)) µs/request)")
}
}

print("\n| benchmark | result | note |\n|---|---:|---|")
for (name, value, note) in rows {
    print("| \(name) | \(value) | \(note) |")
}
