import StrataHTTP

/// Responses for errors, by error type or by status; layers merge them by key and the
/// innermost wins.
///
/// For a thrown error, the innermost layer with a handler that matches answers. A handler for
/// a type matches that type, its subclasses, and — for a protocol, `(any P).self` — every type
/// that conforms; a handler for a status matches errors carrying it (an ``HTTPError``'s or
/// ``HTTPErrorConvertible``'s status, 413 for an oversized body, 500 for anything else). On
/// one layer, a type match beats a status match, an exact type beats a supertype, and among
/// the rest the first declared wins. Without a match, Strata sends an RFC 9457 problem.
public struct ExceptionHandlers: Sendable {
    /// A function from the request and the error to the response to send instead.
    public typealias Handler = @Sendable (Request, any Error) async throws -> Response

    /// A handler for errors of one type and its subtypes.
    struct TypeHandler: Sendable {
        let type: ObjectIdentifier
        /// Whether an error is of the handler's type or a subtype.
        let matches: @Sendable (any Error) -> Bool
        /// Whether a type is the handler's type or a subtype of it.
        let covers: @Sendable (Any.Type) -> Bool
        let errorType: Any.Type
        let handler: Handler
    }

    var byType: [TypeHandler] = []
    var byStatus: [Int: Handler] = [:]

    /// No handlers.
    public init() {}

    /// Whether no handler is set.
    public var isEmpty: Bool { byType.isEmpty && byStatus.isEmpty }

    /// A copy that answers errors of type `E` — or of a subclass, or conforming to the
    /// protocol `E` names — with `handler`.
    public func on<E>(_ type: E.Type, _ handler: @escaping @Sendable (Request, E) async throws -> Response) -> ExceptionHandlers {
        var copy = self
        let entry = TypeHandler(
            type: ObjectIdentifier(type),
            matches: { $0 is E },
            covers: { $0 is E.Type },
            errorType: type,
            handler: { request, error in
                guard let typed = error as? E else { throw error }
                return try await handler(request, typed)
            })
        copy.byType.removeAll { $0.type == entry.type }
        copy.byType.append(entry)
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
    /// Innermost layer first; on one layer, in declaration order.
    private let byType: [(depth: Int, entry: ExceptionHandlers.TypeHandler)]
    private let byStatus: [Int: (depth: Int, handler: ExceptionHandlers.Handler)]

    /// Merges `layers`, innermost first.
    init(merging layers: [ExceptionHandlers]) {
        var claimed = Set<ObjectIdentifier>()
        var byType: [(depth: Int, entry: ExceptionHandlers.TypeHandler)] = []
        for (depth, layer) in layers.enumerated() {
            for entry in layer.byType where !claimed.contains(entry.type) {
                byType.append((depth, entry))
            }
            claimed.formUnion(layer.byType.map(\.type))
        }
        self.byType = byType
        byStatus = PolicyMerge.keyed(layers.enumerated().map { depth, layer in layer.byStatus.mapValues { (depth, $0) } })
    }

    /// The handler for `error`: the innermost layer's that matches its type (the most
    /// specific one there) or its status; on one layer, the type's before the status's.
    func handler(for error: any Error, status: HTTPStatus) -> ExceptionHandlers.Handler? {
        let typeMatch = mostSpecificMatch(for: error)
        let statusMatch = byStatus[status.code]
        switch (typeMatch, statusMatch) {
        case let (type?, status?): return type.depth <= status.depth ? type.handler : status.handler
        case let (type?, nil): return type.handler
        case let (nil, status?): return status.handler
        case (nil, nil): return nil
        }
    }

    private func mostSpecificMatch(for error: any Error) -> (depth: Int, handler: ExceptionHandlers.Handler)? {
        guard !byType.isEmpty else { return nil }
        let exact = ObjectIdentifier(type(of: error))
        var best: (depth: Int, entry: ExceptionHandlers.TypeHandler)?
        for candidate in byType {
            if let found = best, candidate.depth > found.depth { break }
            guard candidate.entry.matches(error) else { continue }
            guard let found = best else {
                best = candidate
                continue
            }
            // A subtype of the best so far is more specific; the exact type is the most.
            if found.entry.type != exact && (candidate.entry.type == exact || found.entry.covers(candidate.entry.errorType)) {
                best = candidate
            }
        }
        return best.map { ($0.depth, $0.entry.handler) }
    }
}
