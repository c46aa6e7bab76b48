import Foundation
import Strata

// The API of the OpenAPI benchmark: 1,000 routes over 200 types (fourteen small models and
// 196 pairs of them), five routes a type — list, read, create, replace, remove.

struct Author: Codable, Sendable { var name: String; var born: Date? }
struct Shelf: Codable, Sendable { var id: Int; var label: String }
struct Tag: Codable, Sendable { var name: String; var color: String? }
struct Price: Codable, Sendable { var amount: Double; var currency: String }
struct Review: Codable, Sendable { var stars: Int; var text: String }
struct Address: Codable, Sendable { var street: String; var city: String; var zip: String }
struct Order: Codable, Sendable { var id: UUID; var lines: [Int] }
struct Stock: Codable, Sendable { var sku: String; var count: Int }
struct Loan: Codable, Sendable { var id: Int; var due: Date }
struct Member: Codable, Sendable, Validatable {
    var email: String
    var age: Int?
    func validate(_ validator: inout Validator) {
        validator.check("email", email, .length(3...254))
        validator.check("age", age, .range(0...150))
    }
}
struct Branch: Codable, Sendable { var code: String; var address: Address }
struct Event: Codable, Sendable { var at: Date; var kind: String }
struct Fine: Codable, Sendable { var amount: Int; var paid: Bool }
struct Note: Codable, Sendable { var text: String; var tags: [String: String] }

/// One of 196 types: a pair of two models.
struct Pair<First: Codable & Sendable, Second: Codable & Sendable>: Codable, Sendable {
    var id: Int
    var first: First
    var second: Second?
    var related: [Pair]
}

let openAPIModels: [any (Codable & Sendable).Type] = [
    Author.self, Shelf.self, Tag.self, Price.self, Review.self, Address.self, Order.self,
    Stock.self, Loan.self, Member.self, Branch.self, Event.self, Fine.self, Note.self,
]

/// The five routes of one type.
func crud<T: Codable & Sendable>(_ type: T.Type, at path: String) -> Router {
    Router(path, routes: [
        Get("", .query("page", as: Int.self, default: 1)) { _, _ in [T]() },
        Get("/{id:int}", .path("id", as: Int.self)) { _, _ -> T in throw HTTPError(.notFound) },
        Post("", .body(T.self)) { _, value in value },
        Put("/{id:int}", .path("id", as: Int.self), .body(T.self)) { _, _, value in value },
        Delete("/{id:int}") { _ in },
    ])
    .documented(tags: [path])
}

func pairRoutes<A: Codable & Sendable, B: Codable & Sendable>(_ a: A.Type, _ b: B.Type, index: Int) -> Router {
    crud(Pair<A, B>.self, at: "/pairs\(index)")
}

/// The app, with or without its API document.
func openAPIApp(document: OpenAPI?) -> App {
    var routes: [any RouteComponent] = []
    for first in openAPIModels {
        for second in openAPIModels {
            routes.append(pairRoutes(first, second, index: routes.count))
        }
    }
    for (index, model) in openAPIModels.prefix(4).enumerated() {
        func routesOf<T: Codable & Sendable>(_ type: T.Type) -> Router { crud(T.self, at: "/models\(index)") }
        routes.append(routesOf(model))
    }
    return App(openAPI: document, routes: routes)
}
