/// Code around a route: it gets the request and the rest of the route as `next`, and returns
/// the response — `next`'s, a changed one, or its own without calling `next` at all.
///
/// Layers compose their middleware into one function per route when the app is built, the
/// outermost layer's outside (an onion): the app's middleware sees the request first and the
/// response last. Errors the route throws pass through middleware on their way to the
/// exception handlers, so a middleware may catch them. The response a middleware returns is
/// finalized like the handler's: the layers' headers and cookies, after-request hooks,
/// preconditions.
///
/// ```swift
/// struct Timing: Middleware {
///     func respond(to request: Request, next: Next) async throws -> Response {
///         let start = ContinuousClock.now
///         var response = try await next(request)
///         response.headers["Server-Timing"] = "app;dur=\((ContinuousClock.now - start).components.attoseconds / 1_000_000_000_000_000)"
///         return response
///     }
/// }
/// ```
public protocol Middleware: Sendable {
    /// The rest of the route: inner middleware, then the handler.
    typealias Next = MiddlewareNext

    /// Answers `request`, usually by calling `next`.
    func respond(to request: Request, next: Next) async throws -> Response
}

/// A middleware written as a closure: what the `middleware { request, next in … }` modifier adds.
public struct ClosureMiddleware: Middleware {
    let body: @Sendable (Request, Next) async throws -> Response

    /// A middleware that runs `body`.
    public init(_ body: @escaping @Sendable (Request, Next) async throws -> Response) {
        self.body = body
    }

    /// Runs the closure. A route's middleware chain calls the closure itself, without this.
    public func respond(to request: Request, next: Next) async throws -> Response {
        try await body(request, next)
    }
}

/// A middleware that only changes the response: `transform` runs on what the rest of the route
/// returned. Consecutive ones on a route's layers are fused into one step when the app is
/// built: one call and one suspension point however many layers declare one, where the `next`
/// form takes two of each per layer.
///
/// ```swift
/// let stamped = Router("/api", routes: [Get("/v") { _ in "1" }])
///     .middleware(response: { _, response in response.headers.add("X-Stamp", "api") })
/// ```
public struct ResponseMiddleware: Middleware {
    let transform: @Sendable (Request, inout Response) throws -> Void

    /// A middleware that runs `transform` on each response.
    public init(_ transform: @escaping @Sendable (Request, inout Response) throws -> Void) {
        self.transform = transform
    }

    /// `next`'s response, transformed. A route's chain runs the transform in a fused step instead.
    public func respond(to request: Request, next: Next) async throws -> Response {
        var response = try await next(request)
        try transform(request, &response)
        return response
    }
}
