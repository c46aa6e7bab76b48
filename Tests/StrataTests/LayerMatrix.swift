import Foundation
import Strata
import StrataTesting

/// The five places a policy can be set, innermost last.
enum Level: String, CaseIterable, Sendable {
    case app, router, controller, handler, response
}

/// Every subset of the five levels: 32 combinations, each tested on its own app.
let allLevelSubsets: [Set<Level>] = (0..<(1 << Level.allCases.count)).map { mask in
    Set(Level.allCases.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element))
}

/// The level whose value must win for `levels`: the innermost one set.
func innermost(of levels: Set<Level>) -> Level? {
    Level.allCases.last { levels.contains($0) }
}

/// An app `App → Router("/r") → Controller("/c") → Get("/h")` where `configure` sets the
/// policy under test on each layer in `levels`, and `respond` builds the handler's response.
func layeredApp(
    _ levels: Set<Level>,
    configure: @escaping (inout LayerPolicy, Level) -> Void,
    respond: @escaping @Sendable (Bool) throws -> Response = { _ in Response(text: "ok") }
) -> App {
    func policy(_ level: Level) -> LayerPolicy {
        var policy = LayerPolicy()
        if levels.contains(level) { configure(&policy, level) }
        return policy
    }
    let setsResponse = levels.contains(.response)
    return App(policy: policy(.app), routes: [
        Router("/r", policy: policy(.router), routes: [
            MatrixController(path: "/c", policy: policy(.controller), routes: [
                Get("/h", policy: policy(.handler)) { _ in try respond(setsResponse) },
            ]),
        ]),
    ])
}

/// How many times `needle` occurs in `haystack`.
func occurrences(of needle: String, in haystack: [UInt8]) -> Int {
    let text = String(decoding: haystack, as: UTF8.self)
    return text.components(separatedBy: needle).count - 1
}

/// The controller layer of the matrix: a user's `Controller` type, as apps declare one.
struct MatrixController: Controller {
    let path: String
    let policy: LayerPolicy
    let routes: [any RouteComponent]
}
