import Strata

/// The TechEmpower JSON message, encoded per request.
struct Message: Codable, Sendable {
    let message: String
}

/// `/json-2k`'s body: twenty records, about 2 KB of JSON.
struct Record: Codable, Sendable {
    let id: Int
    let title: String
    let summary: String
}

let records = (1...20).map { Record(id: $0, title: "Record \($0)", summary: "A story of layers, policies and the resolver that merges them.") }

/// One layer of `/layered`: two headers, one cookie and a cache-control, as every peer in
/// `../shared/bench` sets them; the handler's `max-age=40` wins.
func benchLayer(_ name: String, maxAge: Int) -> LayerPolicy {
    LayerPolicy(
        headers: ["x-\(name)-a": "1", "x-\(name)-b": "2"],
        cookies: [Cookie(name, "1")],
        cacheControl: CacheControl(maxAge: maxAge)
    )
}

let homePage = """
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Strata</title></head>
<body>
<h1>Hello from Strata</h1>
<ul>
<li><a href="/plaintext">/plaintext</a> — text</li>
<li><a href="/json">/json</a> — JSON, encoded per request</li>
<li><a href="/layered">/layered</a> — four layers of headers, cookies and cache-control</li>
<li><a href="/layered-flat">/layered-flat</a> — the same bytes, all set by the handler alone</li>
<li><a href="/guarded">/guarded</a> — four layers, each with a guard, a middleware and a dependency</li>
<li><a href="/json-stack">/json-stack</a> — /json with CORS, request ids and an access line</li>
<li><a href="/json-2k">/json-2k</a> — 2 KB of JSON, compressed when you accept gzip, deflate or br</li>
<li><code>POST /echo</code> — the text you send, up to 64 KiB</li>
</ul>
</body>
</html>
"""

/// The controller layer of `/layered`, as an app declares one: a type of its own.
struct LayeredController: Controller {
    let path = "/"
    var policy: LayerPolicy { benchLayer("controller", maxAge: 30) }
    var routes: [any RouteComponent] {
        [Get(policy: benchLayer("handler", maxAge: 40)) { _ in Message(message: "Hello, World!") }]
    }
}

/// Everything `/layered`'s four layers send, declared on its handler alone, in the order the
/// merge writes it (outermost layer first): the denominator of what layering costs.
let flatPolicy = LayerPolicy(
    headers: HTTPHeaders(["app", "router", "controller", "handler"].flatMap { [("x-\($0)-a", "1"), ("x-\($0)-b", "2")] }),
    cookies: ["app", "router", "controller", "handler"].map { Cookie($0, "1") },
    cacheControl: CacheControl(maxAge: 40)
)

/// One layer of `/guarded`, as `../shared/bench/README.md` defines it: a guard that passes
/// when the request has a `Host` field, a middleware that adds `x-<layer>-m: 1`, and a
/// dependency — the layer's depth, computed per request.
func guardedLayer<L: LayerConfigurable>(_ layer: L, _ name: String, depth: Int) -> L.Configured {
    // Built once, not per request, as an app would hold any constant field name.
    let marker = "x-\(name)-m"
    return layer
        .guarded("host") { request in
            guard request.headers.contains("Host") else { throw HTTPError(.badRequest) }
        }
        .middleware { request, next in
            var response = try await next(request)
            response.headers.add(marker, "1")
            return response
        }
        .dependency(Int.self, name: name) { _ in depth }
}

/// The controller layer of `/guarded`.
struct GuardedController: Controller {
    let path = "/"
    var routes: [any RouteComponent] {
        [guardedLayer(Get("", .dependency(Int.self, name: "app"), .dependency(Int.self, name: "router"),
                          .dependency(Int.self, name: "controller"), .dependency(Int.self, name: "handler")) { _, app, router, controller, handler in
            precondition(app + router + controller + handler == 6)
            return Message(message: "Hello, World!")
        }, "handler", depth: 3)]
    }
}

/// `/plaintext`, `/json` and `/` as TechEmpower and the benchmark harness define them, `/echo`,
/// `/layered` exactly as the bench peers build it, `/layered-flat`, the same bytes from one
/// layer, and `/guarded`, the request side on four layers. The "app" layer of `/layered` is a router of its own so that its headers stay off the
/// other endpoints — the peers group it the same way.
/// The echo socket's options: room for Autobahn's largest messages, and compression.
let echoOptions = WebSocketOptions(maxFrameSize: 20 << 20, maxMessageSize: 20 << 20, compression: WebSocketCompression(),
                                   maxBufferedBytes: 20 << 20)

func makeHelloApp() -> App {
    App(routes: [
        Get("/plaintext") { _ in "Hello, World!" },
        // For load balancers (Scripts/rolling-restart.sh puts HAProxy in front).
        Health(),
        Get("/json") { _ in Message(message: "Hello, World!") },
        // `/json` with its handler off the event loop: `/json` ÷ `/json-offloop` shows what
        // the move costs (Documentation/Deployment.md).
        Get("/json-offloop") { _ in Message(message: "Hello, World!") }.runsHandlers(on: .global),
        // `/json` with CORS, request ids and an access line per request: `/json-stack` ÷ `/json`
        // is what the three cost together (Documentation/Performance.md).
        Get("/json-stack") { _ in Message(message: "Hello, World!") }
            .cors(CORS(origins: ["https://strata.example"], exposedHeaders: ["X-Request-ID"]))
            .requestIDs()
            .accessLog(),
        // 2 KB of JSON, compressed when the request's Accept-Encoding asks: `/json-2k` with and
        // without `Accept-Encoding: gzip` against `/json` is what compression costs.
        Get("/json-2k") { _ in records }.compression(),
        Get("/", mediaType: .html) { _ in homePage },
        // A larger body is refused with 413 as soon as it passes the limit, unread.
        Post("/echo") { request in request.text }.requestBodyLimit(64 * 1024),
        // Every message sent back as it came: the Autobahn test suite's target
        // (Scripts/autobahn.sh) and the WebSocket echo bench. Its limits fit Autobahn's 16 MB
        // messages; it compresses when the client offers permessage-deflate.
        WebSocket("/ws/echo", options: echoOptions) { _, socket in
            for await message in socket.messages {
                try await socket.send(message)
            }
        },
        Router("/layered", policy: benchLayer("app", maxAge: 10), routes: [
            Router("/", policy: benchLayer("router", maxAge: 20), routes: [LayeredController()]),
        ]),
        Get("/layered-flat", policy: flatPolicy) { _ in Message(message: "Hello, World!") },
        guardedLayer(Router("/guarded", routes: [
            guardedLayer(Router("/", routes: [guardedLayer(GuardedController(), "controller", depth: 2)]), "router", depth: 1),
        ]), "app", depth: 0),
    ])
}
