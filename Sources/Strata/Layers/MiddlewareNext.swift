/// The rest of a route after a middleware — inner middleware, then the handler. Call it with
/// the request to pass on: `try await next(request)`.
///
/// A value rather than a closure so that its call compiles into the middleware that makes it:
/// the middleware calls the next one itself, with no async function between them, each of
/// which would take a frame and a hop back to the request's executor on every request.
public struct MiddlewareNext: Sendable {
    @usableFromInline let chain: MiddlewareChain
    @usableFromInline let position: Int

    @usableFromInline
    init(chain: MiddlewareChain, position: Int) {
        self.chain = chain
        self.position = position
    }

    /// A `next` that runs `rest`: for a middleware that calls another itself, with something
    /// around or instead of its own `next`.
    ///
    /// ```swift
    /// struct OnlyForAPI<Inner: Middleware>: Middleware {
    ///     let inner: Inner
    ///     func respond(to request: Request, next: Next) async throws -> Response {
    ///         guard request.path.hasPrefix("/api/") else { return try await next(request) }
    ///         return try await inner.respond(to: request, next: MiddlewareNext { request in try await next(request) })
    ///     }
    /// }
    /// ```
    public init(_ rest: @escaping @Sendable (Request) async throws -> Response) {
        self.init(chain: MiddlewareChain(steps: [], endpoint: rest), position: 0)
    }

    /// Passes `request` to the rest of the route and returns its response.
    @inlinable @inline(__always)
    public func callAsFunction(_ request: Request) async throws -> Response {
        if position < chain.steps.count {
            return try await chain.steps[position].body(request, MiddlewareNext(chain: chain, position: position &+ 1))
        }
        return try await chain.endpoint(request)
    }
}

/// A route's middleware as the steps ``MiddlewareNext`` walks, outermost first, then the
/// route's endpoint; made once per route when the app is built.
@usableFromInline
final class MiddlewareChain: Sendable {
    /// One middleware: the request and the rest of the route after it. A struct, not the bare
    /// function: an array holds a function in its most general form, and every call through
    /// it would go through a conversion thunk — an async call and a frame more a layer.
    @usableFromInline
    struct Step: Sendable {
        @usableFromInline let body: @Sendable (Request, MiddlewareNext) async throws -> Response

        init(_ body: @escaping @Sendable (Request, MiddlewareNext) async throws -> Response) {
            self.body = body
        }
    }

    @usableFromInline let steps: [Step]
    /// What the last step's `next` calls: the handler's endpoint.
    @usableFromInline let endpoint: @Sendable (Request) async throws -> Response

    init(steps: [Step], endpoint: @escaping Endpoint) {
        self.steps = steps
        self.endpoint = endpoint
    }
}
