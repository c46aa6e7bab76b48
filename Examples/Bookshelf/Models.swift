import Strata

/// A book on the shelf.
struct Book: Codable, Sendable, Equatable {
    let id: Int
    var title: String
    var author: String
    var year: Int
    var genre: Genre
}

/// A shelf section; also a query parameter (`?genre=poetry`).
enum Genre: String, Codable, Sendable, CaseIterable, ParameterValue {
    case novel, poetry, history, science
}

/// What a client sends to add or replace a book: decoded from JSON, a form or MessagePack,
/// every broken rule reported at once.
struct NewBook: Codable, Sendable, Validatable {
    var title: String
    var author: String
    var year: Int
    var genre: Genre

    func validate(_ validator: inout Validator) {
        validator.check("title", title, .length(1...200))
        validator.check("author", author, .length(1...100))
        validator.check("year", year, .range(1450...2100))
    }
}

/// `GET /books?genre=…&page=…&size=…`.
struct BookQuery: Codable, Sendable, Validatable {
    var genre: Genre?
    var page: Int?
    var size: Int?

    func validate(_ validator: inout Validator) {
        validator.check("page", page, .range(1...100_000))
        validator.check("size", size, .range(1...100))
    }
}

/// A sign-in form.
struct Credentials: Codable, Sendable, Validatable {
    var username: String
    var password: String

    func validate(_ validator: inout Validator) {
        validator.check("username", username, .nonEmpty)
        validator.check("password", password, .nonEmpty)
    }
}

/// What may change the shelf.
enum Role: String, Codable, Sendable {
    case reader, librarian
}

/// A signed-in user.
struct User: Codable, Sendable, Equatable {
    let name: String
    let role: Role
}

/// A change to the shelf, as `GET /events` sends it.
struct Change: Codable, Sendable, Equatable {
    enum Kind: String, Codable, Sendable { case added, updated, removed }
    let kind: Kind
    let book: Book
}

/// The signed-in user, as the session keeps it.
enum SignedInUser: SessionKey {
    typealias Value = User
    static let name = "user"
}

/// The signed-in user, which the sign-in guard stores for the handlers.
enum CurrentUser: ContextKey { typealias Value = User }

/// The role a layer's routes need, read by the role guard.
enum RequiredRole: MetadataKey { typealias Value = Role }
