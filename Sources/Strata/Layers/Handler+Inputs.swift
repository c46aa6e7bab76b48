import StrataHTTP

extension Handler {
    /// A route whose handler takes typed inputs after the request: the decoded content, the
    /// query, headers, cookies, path parameters, dependencies, context values (see ``Input``).
    ///
    /// ```swift
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
            let layerParameters = configuration.layerParameters
            return { request in
                // Every input is decoded before any dependency runs, so one response names
                // every problem and a provider never sees a request that will be refused.
                var issues = InputIssues()
                for parameter in layerParameters {
                    try parameter.check(request, &issues)
                }
                let decodedFirst = try first.decoded(request, &issues)
                let decodedOthers = (repeat try (each others).decoded(request, &issues))
                if !issues.isEmpty { throw issues.error }
                let firstValue = try await first.value(decoded: decodedFirst, request)
                let otherValues = (repeat try await (each others).value(decoded: each decodedOthers, request))
                return try render(try await handler(request, firstValue, repeat each otherValues), request)
            }
        }
    }
}

extension MethodHandler {
    /// A route whose handler takes typed inputs after the request (see ``Input``).
    ///
    /// ```swift
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
