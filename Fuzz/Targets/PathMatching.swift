import Strata
import StrataHTTP

// libFuzzer target: matching any path against a table with every parameter type never
// crashes, and a match always comes with the route's parameters, converted to their types.
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
        // A typed parameter's value always converts: the router checked it.
        if match.route.contains("{id:int}"), (try? match.parameters.int("id")) == nil { fatalError("\(path): id is not an int") }
        if match.route.contains("{id:uuid}"), (try? match.parameters.uuid("id")) == nil { fatalError("\(path): id is not a UUID") }
        if match.route.contains("{value:float}"), (try? match.parameters.double("value")) == nil { fatalError("\(path): not a float") }
    }
    _ = app.match(.post, path: path)
    return 0
}
