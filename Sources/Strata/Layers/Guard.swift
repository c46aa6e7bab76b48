import StrataHTTP

/// A check a request must pass before its route runs: it passes by returning and refuses by
/// throwing — an ``HTTPError`` such as 401 or 403, or any error the exception handlers answer.
///
/// Guards see the request head — method, path, parameters, headers, cookies, the route's
/// ``RouteMetadata`` and the ``RequestContext`` — and run before the content is read, so
/// `request.body` is empty in a guard, a refused `Expect: 100-continue` request never gets
/// its `100`, and a refused upload is not read. Layers chain their guards outermost first;
/// a guard may write the context for the ones after it and for the handler.
///
/// ```swift partial
/// let signedIn = Guard("signed in", refuses: [.unauthorized]) { request in
///     guard let user = Sessions.user(for: request.cookies["session"]) else {
///         throw HTTPError(.unauthorized, headers: ["WWW-Authenticate": "Cookie"])
///     }
///     request.context[CurrentUser.self] = user
/// }
/// ```
public struct Guard: Sendable {
    /// What the guard checks, for reports and the API documentation.
    public var name: String
    /// The statuses the guard refuses with, for the API documentation.
    public var refusals: [HTTPStatus]
    /// The check: a synchronous one is called without suspending the request.
    let check: Check

    enum Check: Sendable {
        case sync(@Sendable (inout Request) throws -> Void)
        case async(@Sendable (inout Request) async throws -> Void)
    }

    /// A guard named `name` that refuses with `refusals`.
    public init(_ name: String, refuses refusals: [HTTPStatus] = [.forbidden], check: @escaping @Sendable (inout Request) throws -> Void) {
        self.name = name
        self.refusals = refusals
        self.check = .sync(check)
    }

    /// A guard whose check awaits, e.g. a session store.
    public init(_ name: String, refuses refusals: [HTTPStatus] = [.forbidden], check: @escaping @Sendable (inout Request) async throws -> Void) {
        self.name = name
        self.refusals = refusals
        self.check = .async(check)
    }
}
