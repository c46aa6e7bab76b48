import StrataHTTP

/// The request-side modifiers: guards, hooks, middleware, metadata and dependencies. Each
/// adds to this layer; the layers' chains run outermost first (see ``LayerPolicy``).
extension LayerConfigurable {
    /// Adds guards, run in order after those of the enclosing layers.
    public func guards(_ guards: Guard...) -> Configured {
        with { $0.guards += guards }
    }

    /// Adds a guard named `name` that refuses with `refusals`.
    ///
    /// ```swift partial
    /// Router("/admin", routes: adminRoutes).guarded("admin", refuses: [.forbidden]) { request in
    ///     guard request.headers["X-Role"] == "admin" else { throw HTTPError(.forbidden) }
    /// }
    /// ```
    public func guarded(_ name: String, refuses refusals: [HTTPStatus] = [.forbidden],
                        _ check: @escaping @Sendable (inout Request) throws -> Void) -> Configured {
        guards(Guard(name, refuses: refusals, check: check))
    }

    /// Adds a guard whose check awaits.
    public func guarded(_ name: String, refuses refusals: [HTTPStatus] = [.forbidden],
                        _ check: @escaping @Sendable (inout Request) async throws -> Void) -> Configured {
        guards(Guard(name, refuses: refusals, check: check))
    }

    /// Adds a hook run after the content is read and before middleware; the first that
    /// returns a response answers the request with it.
    public func beforeRequest(_ hook: @escaping BeforeRequestHook) -> Configured {
        with { $0.beforeRequest.append(hook) }
    }

    /// Adds middleware, inside that of the enclosing layers and of earlier calls.
    public func middleware(_ middleware: any Middleware...) -> Configured {
        with { $0.middleware += middleware }
    }

    /// Adds a middleware written as a closure.
    ///
    /// ```swift partial
    /// router.middleware { request, next in
    ///     var response = try await next(request)
    ///     response.headers["X-Served-By"] = "strata"
    ///     return response
    /// }
    /// ```
    public func middleware(_ body: @escaping @Sendable (Request, Middleware.Next) async throws -> Response) -> Configured {
        middleware(ClosureMiddleware(body))
    }

    /// Adds a middleware that only changes the response (see ``ResponseMiddleware``);
    /// consecutive ones are fused into one step.
    public func middleware(response transform: @escaping @Sendable (Request, inout Response) throws -> Void) -> Configured {
        middleware(ResponseMiddleware(transform))
    }

    /// Attaches `value` under `key` to every route of this layer; an inner layer's value for
    /// the same key wins.
    public func metadata<Key: MetadataKey>(_ key: Key.Type, _ value: Key.Value) -> Configured {
        with { $0.metadata[key] = value }
    }

    /// Provides a dependency of type `type` (named `name`, where a route needs two of one type)
    /// to the handlers of this layer that declare it with ``Input/dependency(_:name:)``.
    /// `provide` runs at most once per request, and only for a request whose handler uses it.
    ///
    /// ```swift partial
    /// App(routes: routes).dependency(Store.self) { _ in store }
    /// ```
    public func dependency<Value: Sendable>(_ type: Value.Type, name: String? = nil,
                                            provide: @escaping @Sendable (Request) throws -> Value) -> Configured {
        adding(DependencyProvider(key: DependencyKey(type, name: name), requires: []) { _ in
            .sync { request in try provide(request) }
        })
    }

    /// Provides a dependency whose provider awaits, e.g. a connection pool.
    public func dependency<Value: Sendable>(_ type: Value.Type, name: String? = nil,
                                            provide: @escaping @Sendable (Request) async throws -> Value) -> Configured {
        adding(DependencyProvider(key: DependencyKey(type, name: name), requires: []) { _ in
            .async { request in (try await provide(request), nil) }
        })
    }

    /// Provides a dependency with a cleanup, run after the response is sent (see ``Provided``).
    public func dependency<Value: Sendable>(_ type: Value.Type, name: String? = nil,
                                            provide: @escaping @Sendable (Request) async throws -> Provided<Value>) -> Configured {
        adding(DependencyProvider(key: DependencyKey(type, name: name), requires: []) { _ in
            .async { request in
                let provided = try await provide(request)
                return (provided.value, provided.cleanup)
            }
        })
    }

    /// Provides a dependency computed from other inputs — other dependencies, typically.
    /// A cycle, or a dependency no layer provides, fails the build naming the route.
    ///
    /// ```swift partial
    /// .dependency(Catalog.self, using: .dependency(Store.self)) { request, store in Catalog(store) }
    /// ```
    public func dependency<Value: Sendable, First: Sendable, each Other: Sendable>(
        _ type: Value.Type, name: String? = nil, using first: Input<First>, _ others: repeat Input<each Other>,
        provide: @escaping @Sendable (Request, First, repeat each Other) async throws -> Value
    ) -> Configured {
        var requires = [first.declaration]
        for other in repeat each others { requires.append(other.declaration) }
        return adding(DependencyProvider(key: DependencyKey(type, name: name), requires: requires) { slots in
            let inputs = InputResolution(first, repeat each others, slots: slots, layerParameters: [])
            return .async { request in
                let values = try await inputs.values(for: request)
                let position = InputPosition()
                func next<T>(_: T.Type) -> T {
                    // The input at this position produced it, as a `T`.
                    return inputValue(values[position.advance()]!, as: T.self)
                }
                return (try await provide(request, next(First.self), repeat next((each Other).self)), nil)
            }
        })
    }

    private func adding(_ provider: DependencyProvider) -> Configured {
        with { policy in
            policy.dependencies.removeAll { $0.key == provider.key }
            policy.dependencies.append(provider)
        }
    }
}
