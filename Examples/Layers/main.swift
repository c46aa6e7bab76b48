import Strata
import StrataTesting

// Builds the app once — every route's layers are merged here — then answers a few requests
// in process and prints the exact bytes a client would receive.
let app = try makeApp().build()

print("Routes and their resolved policies:")
for route in app.routes {
    let headers = route.headers.map { "\($0.name): \($0.value)" }.joined(separator: ", ")
    print("  \(route.method) \(route.path) → \(route.status.code) [\(headers)]")
}

// The test client runs the app in process and keeps the bytes exactly as the server writes them.
let client = try TestClient(app)
for (method, target) in [(HTTPMethod.get, "/api/articles/1"), (.get, "/api/articles/1/fresh"), (.get, "/api/articles/2"), (.put, "/health")] {
    let response = try await client.request(method, target)
    print("\n> \(method) \(target)\n" + String(decoding: response.rawBytes, as: UTF8.self))
}
await client.shutdown()
