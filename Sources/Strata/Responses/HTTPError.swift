import StrataHTTP

/// An error that answers the request with a status: throw it from a handler.
///
/// It is sent as an RFC 9457 problem (`application/problem+json`):
///
/// ```swift
/// throw HTTPError(.notFound, detail: "No user 7.")
/// // 404 {"type":"about:blank","title":"Not Found","status":404,"detail":"No user 7."}
/// ```
///
/// Its headers are the response's own, so they beat every layer's.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    /// The status to answer with.
    public var status: HTTPStatus
    /// A human-readable explanation specific to this occurrence (RFC 9457 §3.1.4).
    public var detail: String?
    /// Headers to send with the problem, e.g. `Retry-After` or `WWW-Authenticate`.
    public var headers: HTTPHeaders
    /// A URI naming this occurrence of the problem (RFC 9457 §3.1.5), e.g. `/orders/7/payment`.
    public var instance: String?
    /// A URI naming the problem type (RFC 9457 §3.1.1); `nil` sends `about:blank`.
    public var type: String?
    /// Extension members of the problem document (RFC 9457 §3.2), e.g. a validation
    /// error's `errors` list or a balance. A name that is one of the standard members
    /// (`type`, `title`, `status`, `detail`, `instance`) is not sent.
    public var extensions: [String: JSONValue]

    /// An error answering with `status`.
    ///
    /// ```swift
    /// throw HTTPError(.conflict, detail: "The book is checked out.", instance: "/books/7",
    ///                 extensions: ["dueBack": .string("2026-12-24")])
    /// ```
    public init(_ status: HTTPStatus, detail: String? = nil, headers: HTTPHeaders = [:], instance: String? = nil,
                type: String? = nil, extensions: [String: JSONValue] = [:]) {
        self.status = status
        self.detail = detail
        self.headers = headers
        self.instance = instance
        self.type = type
        self.extensions = extensions
    }

    public var description: String {
        detail.map { "\(status): \($0)" } ?? status.description
    }
}

/// An error of your own that knows which ``HTTPError`` it stands for.
///
/// ```swift
/// enum AccountError: HTTPErrorConvertible {
///     case locked
///     var httpError: HTTPError { HTTPError(.locked, detail: "The account is locked.") }
/// }
/// ```
public protocol HTTPErrorConvertible: Error {
    /// The error to answer with.
    var httpError: HTTPError { get }
}

/// A programming mistake found at run time (a parameter name the route does not declare):
/// answered with a 500, reported to the app's error hook, never shown to the client.
struct MisuseError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
