import Strata

// Builds the app once — every route's layers are merged here — then answers a few requests
// in process and prints the exact bytes a client would receive.
let app = try makeApp().build()

print("Routes and their resolved policies:")
for route in app.routes {
    let headers = route.headers.map { "\($0.name): \($0.value)" }.joined(separator: ", ")
    print("  \(route.method) \(route.path) → \(route.status.code) [\(headers)]")
}

try await app.startup()
let dates = HTTPDateCache()
for (method, target) in [(HTTPMethod.get, "/api/articles/1"), (.get, "/api/articles/1/fresh"), (.get, "/api/articles/2"), (.put, "/health")] {
    let response = await app.respond(to: HTTPRequest(method: method, target: target, headers: ["Host": "localhost"]))
    var bytes: [UInt8] = []
    try HTTPResponseSerializer.serialize(response, date: dates.current(), into: &bytes)
    print("\n> \(method) \(target)\n" + String(decoding: bytes, as: UTF8.self))
    await response.afterSent?()
}
await app.shutdown()
