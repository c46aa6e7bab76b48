import StrataHTTP

/// Responses for errors, keyed by error type or by status; layers merge them by key and the
/// innermost wins.
///
/// For a thrown error, a handler for its exact type is used first, then one for its status
/// (an ``HTTPError``'s or ``HTTPErrorConvertible``'s status, 413 for an oversized body,
/// 500 for anything else); without either, Strata sends an RFC 9457 problem.
public struct ExceptionHandlers: Sendable {
    /// A function from the request and the error to the response to send instead.
    public typealias Handler = @Sendable (Request, any Error) async throws -> Response

    var byType: [ObjectIdentifier: Handler] = [:]
    var byStatus: [Int: Handler] = [:]

    /// No handlers.
    public init() {}

    /// Whether no handler is set.
    public var isEmpty: Bool { byType.isEmpty && byStatus.isEmpty }

    /// A copy that answers errors of type `E` with `handler`.
    public func on<E: Error>(_ type: E.Type, _ handler: @escaping @Sendable (Request, E) async throws -> Response) -> ExceptionHandlers {
        var copy = self
        copy.byType[ObjectIdentifier(type)] = { request, error in
            // Looked up only by `ObjectIdentifier(type(of: error))`, so `error` is an `E`.
            try await handler(request, error as! E)
        }
        return copy
    }

    /// A copy that answers errors carrying `status` with `handler`.
    public func on(_ status: HTTPStatus, _ handler: @escaping Handler) -> ExceptionHandlers {
        var copy = self
        copy.byStatus[status.code] = handler
        return copy
    }

    /// The handler for `error`: by its exact type first, then by `status`.
    func handler(for error: any Error, status: HTTPStatus) -> Handler? {
        byType[ObjectIdentifier(type(of: error))] ?? byStatus[status.code]
    }
}
