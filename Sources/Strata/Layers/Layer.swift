import StrataHTTP

/// A value that carries a ``LayerPolicy``: ``App``, ``Router``, the handlers,
/// ``ConfiguredController``, and ``LayerPolicy`` itself.
///
/// The modifiers of ``LayerConfigurable`` return a copy with one policy changed, so layers
/// read as declarations:
///
/// ```swift
/// let api = Router("/api", routes: [Get("/v") { _ in "2" }])
///     .headers(["X-API-Version": "2"])
///     .cacheControl(.noStore)
/// ```
public protocol Layer: LayerConfigurable where Configured == Self {
    /// The policies this layer declares.
    var policy: LayerPolicy { get set }
}

extension Layer {
    /// A layer is its own configured form.
    public var configured: Self { self }
}

/// A value the layer modifiers apply to: a ``Layer``, which they change in place, or a
/// ``Controller``, which they wrap in a ``ConfiguredController``.
public protocol LayerConfigurable: Sendable {
    /// What the modifiers return.
    associatedtype Configured: Layer
    /// This value as a layer the modifiers can change.
    var configured: Configured { get }
}

extension LayerPolicy: Layer {
    /// The policy set itself, so its modifiers work on it too.
    public var policy: LayerPolicy {
        get { self }
        set { self = newValue }
    }
}

extension LayerConfigurable {
    func with(_ change: (inout LayerPolicy) -> Void) -> Configured {
        var copy = configured
        change(&copy.policy)
        return copy
    }

    /// Adds response headers; a name given here replaces that name's earlier fields on this layer.
    public func headers(_ headers: HTTPHeaders) -> Configured {
        with { policy in
            for name in headers.map(\.name) { policy.headers.remove(name) }
            policy.headers.add(contentsOf: headers)
        }
    }

    /// Adds one response header, replacing this layer's earlier fields of that name.
    public func header(_ name: String, _ value: String) -> Configured {
        headers(HTTPHeaders([(name, value)]))
    }

    /// Adds response cookies; one with the key (name, domain, path) of an earlier one on
    /// this layer replaces it.
    public func cookies(_ cookies: [Cookie]) -> Configured {
        with { policy in
            let keys = Set(cookies.map(\.key))
            policy.cookies.removeAll { keys.contains($0.key) }
            policy.cookies.append(contentsOf: cookies)
        }
    }

    /// Adds one response cookie.
    public func cookie(_ cookie: Cookie) -> Configured {
        cookies([cookie])
    }

    /// Sets the `Cache-Control` of responses.
    public func cacheControl(_ cacheControl: CacheControl) -> Configured {
        with { $0.cacheControl = cacheControl }
    }

    /// Sets a fixed `ETag` for responses.
    public func etag(_ etag: ETag) -> Configured {
        with { $0.etag = etag }
    }

    /// Computes a strong `ETag` from the content of buffered 2xx responses that have none.
    public func computesETag(_ enabled: Bool = true) -> Configured {
        with { $0.computesETag = enabled }
    }

    /// Sets how handler values become responses.
    public func responseClass(_ responseClass: any ResponseClass) -> Configured {
        with { $0.responseClass = responseClass }
    }

    /// Sets the media type for handlers that declare none.
    public func defaultMediaType(_ mediaType: MediaType) -> Configured {
        with { $0.defaultMediaType = mediaType }
    }

    /// Runs the routes' handlers (with their middleware and rendering) on `executor` instead
    /// of the connection's event loop: `.global` for CPU-heavy handlers, `.pool(_:)` for
    /// blocking ones. The innermost layer that says wins.
    public func runsHandlers(on executor: HandlerExecutor) -> Configured {
        with { $0.handlerExecutor = executor }
    }

    /// Writes one access line per request through the app's ``Logger`` (``AccessLog/on``), or
    /// none (``AccessLog/off``) — e.g. for a health-check router under an app that logs.
    public func accessLog(_ accessLog: AccessLog = .on) -> Configured {
        with { $0.accessLog = accessLog }
    }

    /// Gives requests an id, kept from a valid incoming `X-Request-ID` or made, and echoes it
    /// (``RequestIDs``); ``RequestIDs/off`` switches it off below a layer that has it.
    public func requestIDs(_ requestIDs: RequestIDs = .on) -> Configured {
        with { $0.requestIDs = requestIDs }
    }

    /// Lets pages of other origins read the routes' responses, as ``CORS`` describes;
    /// ``CORS/off`` switches it off below a layer that has it.
    public func cors(_ cors: CORS) -> Configured {
        with { $0.cors = cors }
    }

    /// Compresses the routes' responses as ``Compression`` describes, in the coding the
    /// request's `Accept-Encoding` prefers; ``Compression/off`` switches it off below.
    public func compression(_ compression: Compression = Compression()) -> Configured {
        with { $0.compression = compression }
    }

    /// Limits each client to a budget of requests, as ``RateLimit`` describes; ``RateLimit/off``
    /// switches it off below.
    public func rateLimit(_ limit: RateLimit) -> Configured {
        with { $0.rateLimit = limit }
    }

    /// Refuses unsafe requests that a browser says another site's page sent, as ``CSRF``
    /// describes; ``CSRF/off`` exempts the routes below.
    public func csrf(_ csrf: CSRF = CSRF()) -> Configured {
        with { $0.csrf = csrf }
    }

    /// Keeps a session per client behind a cookie, as ``Sessions`` describes; ``Sessions/off``
    /// switches it off below.
    public func sessions(_ sessions: Sessions) -> Configured {
        with { $0.sessions = sessions }
    }

    /// Sets the largest request content accepted, in bytes; larger requests get 413.
    public func requestBodyLimit(_ bytes: Int) -> Configured {
        with { $0.requestBodyLimit = bytes }
    }

    /// Writes values of `type` as `transform` returns.
    public func encoding<T>(_ type: T.Type, as transform: @escaping @Sendable (T) throws -> any Encodable) -> Configured {
        with { $0.typeEncoders = $0.typeEncoders.encoding(type, as: transform) }
    }

    /// Writes nil optionals in JSON and MessagePack bodies as `null` (`.null`) or leaves
    /// them out (`.omitted`, the default).
    public func nilEncoding(_ encoding: NilEncoding) -> Configured {
        with { $0.nilEncoding = encoding }
    }

    /// Answers errors of type `E` with `handler`'s response — also those of a subclass of
    /// `E`, or, for a protocol (`(any LibraryError).self`), of every conforming type.
    public func onError<E>(_ type: E.Type, _ handler: @escaping @Sendable (Request, E) async throws -> Response) -> Configured {
        with { $0.exceptionHandlers = $0.exceptionHandlers.on(type, handler) }
    }

    /// Answers errors that carry `status` (an ``HTTPError``'s status, 500 for others) with
    /// `handler`'s response.
    public func onStatus(_ status: HTTPStatus, _ handler: @escaping @Sendable (Request, any Error) async throws -> Response) -> Configured {
        with { $0.exceptionHandlers = $0.exceptionHandlers.on(status, handler) }
    }

    /// Adds a hook run on each finalized response.
    public func afterRequest(_ hook: @escaping AfterRequestHook) -> Configured {
        with { $0.afterRequest.append(hook) }
    }

    /// Adds work run after each response is sent.
    public func backgroundTask(_ task: BackgroundTask) -> Configured {
        with { $0.backgroundTasks.append(task) }
    }

    /// Sets whether background tasks run at the same time rather than one by one.
    public func runsBackgroundTasksConcurrently(_ concurrently: Bool) -> Configured {
        with { $0.runsBackgroundTasksConcurrently = concurrently }
    }

    /// Describes a header for the API documentation; it is never sent.
    public func documentedHeader(_ header: DocumentedHeader) -> Configured {
        with { $0.documentedHeaders.append(header) }
    }

    /// Describes a cookie for the API documentation; it is never sent.
    public func documentedCookie(_ cookie: DocumentedCookie) -> Configured {
        with { $0.documentedCookies.append(cookie) }
    }
}
