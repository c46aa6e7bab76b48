import StrataHTTP

/// Responses for errors, keyed by error type or by status; layers merge them by key and the
/// innermost wins.
///
/// For a thrown error, the innermost layer with a handler for its exact type or for its
/// status (an ``HTTPError``'s or ``HTTPErrorConvertible``'s status, 413 for an oversized
/// body, 500 for anything else) answers; on one layer the type's handler comes first.
/// Without one, Strata sends an RFC 9457 problem.
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
}

/// A route's exception handlers after merging, each tagged with how deep its layer is
/// (0 is the handler), so the innermost layer wins across both kinds of key.
struct ResolvedExceptionHandlers: Sendable {
    private let byType: [ObjectIdentifier: (depth: Int, handler: ExceptionHandlers.Handler)]
    private let byStatus: [Int: (depth: Int, handler: ExceptionHandlers.Handler)]

    /// Merges `layers`, innermost first.
    init(merging layers: [ExceptionHandlers]) {
        byType = PolicyMerge.keyed(layers.enumerated().map { depth, layer in layer.byType.mapValues { (depth, $0) } })
        byStatus = PolicyMerge.keyed(layers.enumerated().map { depth, layer in layer.byStatus.mapValues { (depth, $0) } })
    }

    /// The handler for `error`: the innermost layer's that matches its exact type or its
    /// status; on one layer, the type's before the status's.
    func handler(for error: any Error, status: HTTPStatus) -> ExceptionHandlers.Handler? {
        let byType = byType[ObjectIdentifier(type(of: error))]
        let byStatus = byStatus[status.code]
        switch (byType, byStatus) {
        case let (type?, status?): return type.depth <= status.depth ? type.handler : status.handler
        case let (type?, nil): return type.handler
        case let (nil, status?): return status.handler
        case (nil, nil): return nil
        }
    }
}
