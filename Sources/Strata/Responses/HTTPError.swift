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

    /// An error answering with `status`.
    public init(_ status: HTTPStatus, detail: String? = nil, headers: HTTPHeaders = [:]) {
        self.status = status
        self.detail = detail
        self.headers = headers
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
