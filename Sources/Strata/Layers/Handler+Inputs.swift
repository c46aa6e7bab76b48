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
                                         providers: configuration.dependencyProviders, layerParameters: configuration.layerParameters)
            if inputs.isSynchronous && !inputs.decodes {
                // Dependencies and context values only: each read as the call takes it.
                return { request in
                    let position = InputPosition()
                    func next<T>(_: T.Type) throws -> T {
                        // The input at this position produces a `T`.
                        return inputValue(try inputs.immediateValue(at: position.advance(), for: request), as: T.self)
                    }
                    return try render(try await handler(request, try next(First.self), repeat try next((each Other).self)), request)
                }
            }
            return { request in
                let values = inputs.isSynchronous ? try inputs.synchronousValues(for: request) : try await inputs.values(for: request)
                // Each value cast back to the type its input declared, in order.
                let position = InputPosition()
                func next<T>(_: T.Type) -> T {
                    // The input at this position produced it, as a `T`.
                    return inputValue(values[position.advance()]!, as: T.self)
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
