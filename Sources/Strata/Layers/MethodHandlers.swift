import StrataHTTP

/// A handler for one method: ``Get``, ``Post``, ``Put``, ``Patch``, ``Delete``, ``Head``
/// and ``Options`` share their initializers through this protocol.
///
/// ```swift
/// Get("/users/{id:int}") { request in "user \(try request.parameters.int("id"))" }
/// Post("/users") { request in try request.decode([String: String].self) }   // 201 Created
/// Delete("/users/{id:int}") { _ in }                                        // Void: 204 No Content
/// ```
public protocol MethodHandler: HandlerWrapper {
    /// The method this handler answers.
    static var method: HTTPMethod { get }
    /// Wraps a route.
    init(handler: Handler)
}

/// A route declared through a ``Handler`` it wraps — the method handlers and ``WebSocket`` —
/// whose policies, node and name are the handler's.
public protocol HandlerWrapper: RouteComponent, Layer {
    /// The route it stands for.
    var handler: Handler { get set }
}

extension HandlerWrapper {
    /// The route's policies: the wrapped ``Handler``'s.
    public var policy: LayerPolicy {
        get { handler.policy }
        set { handler.policy = newValue }
    }

    /// The wrapped ``Handler``'s route.
    public var routeNode: RouteNode { handler.routeNode }

    /// This route, named `name` for building its URL with
    /// ``ResolvedApp/url(for:parameters:query:)`` or ``Request/url(for:parameters:query:)``.
    ///
    /// ```swift
    /// Get("/books/{id:int}") { request in try request.parameters.int("id") }.named("book")
    /// // request.url(for: "book", parameters: ["id": 7]) == "/books/7"
    /// ```
    public func named(_ name: String) -> Self {
        var copy = self
        copy.handler.name = name
        return copy
    }
}

extension MethodHandler {
    /// This route, reading its content as it arrives from ``Request/bodyStream`` — an upload
    /// written to disk, a feed of records — with the socket read only as fast as the handler
    /// takes chunks, instead of the content collected into ``Request/body`` first.
    ///
    /// ```swift
    /// Post("/uploads") { request in
    ///     var total = 0
    ///     for try await chunk in request.bodyStream { total += chunk.count }
    ///     return "received \(total) bytes"
    /// }
    /// .streamingRequestBody()
    /// ```
    public func streamingRequestBody() -> Self {
        var copy = self
        copy.handler.streamsRequestBody = true
        return copy
    }

    /// A route returning `Output`.
    public init<Output: Sendable>(
        _ path: String = "", status: HTTPStatus? = nil, mediaType: MediaType? = nil, policy: LayerPolicy = LayerPolicy(),
        handler: @escaping @Sendable (Request) async throws -> Output
    ) {
        self.init(handler: Handler([Self.method], path, status: status, mediaType: mediaType, policy: policy, handler: handler))
    }

    /// A route returning a value and its status.
    public init<Output: Sendable>(
        _ path: String = "", status: HTTPStatus? = nil, mediaType: MediaType? = nil, policy: LayerPolicy = LayerPolicy(),
        handler: @escaping @Sendable (Request) async throws -> (Output, HTTPStatus)
    ) {
        self.init(handler: Handler([Self.method], path, status: status, mediaType: mediaType, policy: policy, handler: handler))
    }

    /// A route returning a value, its status and headers.
    public init<Output: Sendable>(
        _ path: String = "", status: HTTPStatus? = nil, mediaType: MediaType? = nil, policy: LayerPolicy = LayerPolicy(),
        handler: @escaping @Sendable (Request) async throws -> (Output, HTTPStatus, HTTPHeaders)
    ) {
        self.init(handler: Handler([Self.method], path, status: status, mediaType: mediaType, policy: policy, handler: handler))
    }

    /// A route returning a value and a status code, e.g. `(user, 202)`.
    public init<Output: Sendable>(
        _ path: String = "", status: HTTPStatus? = nil, mediaType: MediaType? = nil, policy: LayerPolicy = LayerPolicy(),
        handler: @escaping @Sendable (Request) async throws -> (Output, Int)
    ) {
        self.init(handler: Handler([Self.method], path, status: status, mediaType: mediaType, policy: policy, handler: handler))
    }

    /// A route returning a value, a status code and headers.
    public init<Output: Sendable>(
        _ path: String = "", status: HTTPStatus? = nil, mediaType: MediaType? = nil, policy: LayerPolicy = LayerPolicy(),
        handler: @escaping @Sendable (Request) async throws -> (Output, Int, HTTPHeaders)
    ) {
        self.init(handler: Handler([Self.method], path, status: status, mediaType: mediaType, policy: policy, handler: handler))
    }
}

/// A GET route; it answers HEAD too, with the same fields and no content.
public struct Get: MethodHandler {
    public static let method = HTTPMethod.get
    public var handler: Handler
    public init(handler: Handler) { self.handler = handler }
}

/// A POST route; 201 Created by default.
public struct Post: MethodHandler {
    public static let method = HTTPMethod.post
    public var handler: Handler
    public init(handler: Handler) { self.handler = handler }
}

/// A PUT route.
public struct Put: MethodHandler {
    public static let method = HTTPMethod.put
    public var handler: Handler
    public init(handler: Handler) { self.handler = handler }
}

/// A PATCH route.
public struct Patch: MethodHandler {
    public static let method = HTTPMethod.patch
    public var handler: Handler
    public init(handler: Handler) { self.handler = handler }
}

/// A DELETE route; 204 No Content by default, so it returns `Void` unless it sets a status.
public struct Delete: MethodHandler {
    public static let method = HTTPMethod.delete
    public var handler: Handler
    public init(handler: Handler) { self.handler = handler }
}

/// A HEAD route, for when the GET route's answer is too costly to compute just for its fields.
public struct Head: MethodHandler {
    public static let method = HTTPMethod.head
    public var handler: Handler
    public init(handler: Handler) { self.handler = handler }
}

/// An OPTIONS route; without one, Strata answers OPTIONS with 204 and `Allow`.
public struct Options: MethodHandler {
    public static let method = HTTPMethod.options
    public var handler: Handler
    public init(handler: Handler) { self.handler = handler }
}
