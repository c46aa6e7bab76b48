import StrataHTTP

extension Handler {
    /// A route whose handler takes typed inputs after the request: the decoded content, the
    /// query, headers, cookies, path parameters, dependencies, context values (see ``Input``).
    ///
    /// ```swift partial
    /// Handler([.put], "/books/{id:int}", .path("id", as: Int.self), .body(NewBook.self)) { request, id, book in … }
    /// ```
    public init<Output: Sendable, First: Sendable, each Other: Sendable>(
        _ methods: [HTTPMethod], _ path: String = "", _ first: Input<First>, _ others: repeat Input<each Other>,
        status: HTTPStatus? = nil, mediaType: MediaType? = nil, policy: LayerPolicy = LayerPolicy(),
        handler: @escaping @Sendable (Request, First, repeat each Other) async throws -> Output
    ) {
        var inputs = [first.declaration]
        for other in repeat each others { inputs.append(other.declaration) }
        self.init(methods, path, status: status, mediaType: mediaType, policy: policy, outputType: Output.self, returnsStatus: false,
                  inputs: inputs) { configuration in
            let render = Rendering.renderer(for: Output.self, configuration: configuration)
            let inputs = InputResolution(first, repeat each others, slots: configuration.dependencySlots,
                                         layerParameters: configuration.layerParameters)
            return { request in
                let values = try await inputs.values(for: request)
                // Each value cast back to the type its input declared, in order.
                var index = 0
                func next<T>(_: T.Type) -> T {
                    defer { index += 1 }
                    // The input at this position produced it, as a `T`.
                    return values[index]! as! T
                }
                return try render(try await handler(request, next(First.self), repeat next((each Other).self)), request)
            }
        }
    }
}

extension MethodHandler {
    /// A route whose handler takes typed inputs after the request (see ``Input``).
    ///
    /// ```swift partial
    /// Post("/books", .body(NewBook.self), .dependency(Store.self)) { request, book, store in
    ///     try await store.add(book)
    /// }
    /// ```
    public init<Output: Sendable, First: Sendable, each Other: Sendable>(
        _ path: String = "", _ first: Input<First>, _ others: repeat Input<each Other>,
        status: HTTPStatus? = nil, mediaType: MediaType? = nil, policy: LayerPolicy = LayerPolicy(),
        handler: @escaping @Sendable (Request, First, repeat each Other) async throws -> Output
    ) {
        self.init(handler: Handler([Self.method], path, first, repeat each others, status: status, mediaType: mediaType, policy: policy, handler: handler))
    }
}
