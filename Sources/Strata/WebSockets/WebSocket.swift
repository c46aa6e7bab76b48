import StrataHTTP

/// A WebSocket route: a GET that, once its guards pass, answers the handshake with
/// `101 Switching Protocols` and runs its handler on the open connection.
///
/// ```swift
/// WebSocket("/echo") { request, socket in
///     for await message in socket.messages {
///         try await socket.send(message)
///     }
/// }
/// ```
///
/// It is a layer like any handler: guards, before-request hooks, middleware, rate limits and
/// metadata apply to the handshake; the 101 carries the layers' headers and cookies. The
/// handler returning closes the connection with 1000; an error it throws closes it with 1011
/// and goes to the app's error reporter. A request that is not a valid handshake gets 426
/// (no `Upgrade: websocket`, or a version other than 13) or 400, as RFC 6455 §4.2 asks.
public struct WebSocket: HandlerWrapper {
    /// The route under it: a GET whose endpoint answers the handshake.
    public var handler: Handler

    /// A WebSocket route at `path`.
    public init(_ path: String = "", options: WebSocketOptions = WebSocketOptions(), policy: LayerPolicy = LayerPolicy(),
                handler: @escaping @Sendable (Request, WebSocketConnection) async throws -> Void) {
        var route = Handler([.get], path, status: nil, mediaType: nil, policy: policy,
                            outputType: Response.self, returnsStatus: true) { _ in
            { request in try WebSocket.handshake(request, options: options, handler: handler) }
        }
        route.acceptsWebSocket = true
        self.handler = route
    }

    /// A WebSocket route whose handler also takes typed inputs (see ``Input``): the query,
    /// headers, cookies, path parameters, dependencies and context values, decoded and checked
    /// before the upgrade — a bad one is a 400 or 422 problem, not a socket that closes. The
    /// dependencies' cleanups run when the handler returns.
    ///
    /// ```swift partial
    /// WebSocket("/rooms/{room}", .path("room", as: String.self), .dependency(ChatRooms.self)) { request, socket, room, rooms in
    ///     await rooms.join(room, socket)
    /// }
    /// ```
    public init<First: Sendable, each Other: Sendable>(
        _ path: String = "", _ first: Input<First>, _ others: repeat Input<each Other>,
        options: WebSocketOptions = WebSocketOptions(), policy: LayerPolicy = LayerPolicy(),
        handler: @escaping @Sendable (Request, WebSocketConnection, First, repeat each Other) async throws -> Void
    ) {
        var inputs = [first.declaration]
        for other in repeat each others { inputs.append(other.declaration) }
        var route = Handler([.get], path, status: nil, mediaType: nil, policy: policy, outputType: Response.self, returnsStatus: true,
                            inputs: inputs) { configuration in
            let inputs = InputResolution(first, repeat each others, slots: configuration.dependencySlots,
                                         providers: configuration.dependencyProviders, layerParameters: configuration.layerParameters)
            return { request in
                // The handshake first: a browser opening the URL learns it needs a WebSocket.
                let agreement = try WebSocket.agree(request, options: options)
                let values = inputs.isSynchronous ? try inputs.synchronousValues(for: request) : try await inputs.values(for: request)
                return WebSocket.response(agreement, for: request, options: options) { socket in
                    // Each value cast back to the type its input declared, in order.
                    var index = 0
                    func next<T>(_: T.Type) -> T {
                        defer { index += 1 }
                        return inputValue(values[index]!, as: T.self)
                    }
                    try await handler(request, socket, next(First.self), repeat next((each Other).self))
                }
            }
        }
        route.acceptsWebSocket = true
        self.handler = route
    }

    /// What a valid handshake agreed on: the 101's fields, the subprotocol, the compression.
    typealias Agreement = (headers: HTTPHeaders, subprotocol: String?, deflate: WebSocketDeflateParameters?)

    /// Checks the handshake; a request that is not one throws the 426 or 400 to answer with.
    static func agree(_ request: Request, options: WebSocketOptions) throws -> Agreement {
        switch WebSocketHandshake.negotiate(method: request.method, version: request.version, headers: request.headers,
                                            hasContent: !request.body.isEmpty, options: options) {
        case .refuse(let status, let headers, let reason):
            throw HTTPError(status, detail: reason, headers: headers)
        case .accept(let headers, let subprotocol, let deflate):
            return (headers, subprotocol, deflate)
        }
    }

    /// The 101; the handler to run once it is written goes to the request's slot, where the
    /// app's `finish` takes it (a field on every `Response` would cost every route's async
    /// frames a word, and one allocation per request).
    static func response(_ agreement: Agreement, for request: Request, options: WebSocketOptions,
                         handler: @escaping @Sendable (WebSocketConnection) async throws -> Void) -> Response {
        request.context[WebSocketSlot.Key.self]?.store(
            PendingWebSocket(options: options, deflate: agreement.deflate, subprotocol: agreement.subprotocol, handler: handler))
        return Response(status: .switchingProtocols, headers: agreement.headers)
    }

    /// The 101 for a valid handshake, with the handler to run once it is written.
    static func handshake(_ request: Request, options: WebSocketOptions,
                          handler: @escaping @Sendable (Request, WebSocketConnection) async throws -> Void) throws -> Response {
        let agreement = try agree(request, options: options)
        return response(agreement, for: request, options: options) { socket in try await handler(request, socket) }
    }
}

/// Where a ``WebSocket`` route's endpoint leaves its handler for the app's `finish`: in the
/// request context of requests to WebSocket routes only, made before the checks run.
final class WebSocketSlot: Sendable {
    enum Key: ContextKey { typealias Value = WebSocketSlot }

    private let pending = PthreadLock<PendingWebSocket?>(nil)

    func store(_ webSocket: PendingWebSocket) {
        pending.withLock { $0 = webSocket }
    }

    /// The handler, once: a second 101 (a middleware calling `next` twice) upgrades nothing more.
    func take() -> PendingWebSocket? {
        pending.withLock { slot in
            defer { slot = nil }
            return slot
        }
    }

    /// Whether a handshake's handler waits here.
    var isFilled: Bool { pending.withLock { $0 != nil } }
}

/// A handshake's 101 as the route returns it, before the app wraps its handler for errors and
/// dependency cleanups.
final class PendingWebSocket: Sendable {
    let options: WebSocketOptions
    let deflate: WebSocketDeflateParameters?
    let subprotocol: String?
    let handler: @Sendable (WebSocketConnection) async throws -> Void

    init(options: WebSocketOptions, deflate: WebSocketDeflateParameters?, subprotocol: String?,
         handler: @escaping @Sendable (WebSocketConnection) async throws -> Void) {
        self.options = options
        self.deflate = deflate
        self.subprotocol = subprotocol
        self.handler = handler
    }
}
