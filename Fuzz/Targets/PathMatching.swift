import StrataHTTP

// Compiled together with the Strata sources (Fuzz/run.sh), so Strata needs no import.
// libFuzzer target: matching any path against a table with every parameter type never
// crashes, and a match always comes with the route's parameters.
let app = try! App(routes: [
    Get("/") { _ in "" },
    Get("/users/{id:int}") { _ in "" },
    Get("/users/me") { _ in "" },
    Get("/users/{id:int}/posts/{slug}") { _ in "" },
    Get("/items/{id:uuid}") { _ in "" },
    Get("/prices/{value:float}") { _ in "" },
    Get("/files/{rest:path}") { _ in "" },
    Post("/files/{rest:path}") { _ in "" },
    Get("/café/{name:str}") { _ in "" },
]).build()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPathMatching(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = "/" + String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let match = app.match(.get, path: path) {
        let expected = match.route.split(separator: "{").count - 1
        if match.parameters.pairs.count != expected { fatalError("\(path) matched \(match.route) with \(match.parameters.pairs)") }
    }
    _ = app.match(.post, path: path)
    return 0
}
