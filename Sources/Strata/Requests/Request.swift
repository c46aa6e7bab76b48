import StrataHTTP

/// A request as a handler sees it: method, path, typed path parameters, query, headers,
/// cookies and the content, already read within the route's body limit.
public struct Request: Sendable {
    /// The method.
    public let method: HTTPMethod
    /// The request-target as received, e.g. `/users/7?expand=1`.
    public let target: String
    /// The protocol version.
    public let version: HTTPVersion
    /// The header fields. A middleware may change them for the request it passes on; the
    /// cookies follow.
    public var headers: HTTPHeaders {
        didSet { cookies = RequestCookies(headers: headers) }
    }
    /// The content; empty in guards, which run before it is read. A middleware may replace
    /// it for the request it passes on (e.g. decompressed).
    public var body: [UInt8]
    /// The path parameters of the matched route, converted to their declared types.
    public let parameters: PathParameters
    /// The matched route's full path template, e.g. `/api/users/{id:int}`; `nil` when no
    /// route matched (404, 405).
    public let route: String?
    /// The query parameters, in order.
    public let query: URLEncodedForm
    /// The request cookies, in order.
    public private(set) var cookies: RequestCookies
    /// The values the route's layers attach for guards, middleware and handlers.
    public let metadata: RouteMetadata
    /// Request-scoped values that guards, hooks and middleware write for the handler.
    public var context = RequestContext()
    /// The route's dependencies for this request, when its handler uses any.
    var dependencies: DependencyScope?
    /// The app's named routes, when it has any.
    let urls: RouteURLs?
    /// The address at the other end of the connection: the client, or the nearest proxy.
    /// `nil` where there is no socket; the in-process test client gives `127.0.0.1`, port 0.
    public let peer: PeerAddress?
    /// What a trusted proxy said about where the request came from; `nil` when the app trusts
    /// no proxy, the peer is not one, or it said nothing (or nothing that parses).
    public let forwarded: ForwardedOrigin?
    /// The request's id, where a layer gives requests ids (``Layer/requestIDs(_:)``): the
    /// client's valid `X-Request-ID` or a new one; `nil` otherwise.
    public internal(set) var requestID: String?
    /// The app's logger, with `request_id` on every event where the request has an id.
    public var logger: Logger {
        guard let requestID else { return appLogger.logger }
        return appLogger.logger.with("request_id", .string(requestID))
    }
    /// The app's logger, behind one reference: a request is copied through every middleware,
    /// and a reference copies cheaper than a ``Logger`` with its handler.
    let appLogger: AppLogger
    /// When the route began serving the request (`CLOCK_MONOTONIC`, nanoseconds), where the
    /// access log needs it; 0 otherwise.
    var receivedAt: UInt64 = 0
    /// Whether this is a CORS preflight Strata answers itself: its CORS fields are set already.
    var isCORSPreflight = false

    /// A request built by the transport.
    init(_ request: HTTPRequest, body: [UInt8], parameters: PathParameters, route: String?, metadata: RouteMetadata = RouteMetadata(),
         urls: RouteURLs? = nil, forwarded: ForwardedOrigin? = nil, logger: AppLogger) {
        self.urls = urls
        self.appLogger = logger
        self.peer = request.peer
        self.forwarded = forwarded
        self.method = request.method
        self.target = request.target
        self.version = request.version
        self.headers = request.headers
        self.body = body
        self.parameters = parameters
        self.route = route
        let query = request.query
        self.query = query.isEmpty ? URLEncodedForm() : URLEncodedForm(parsing: query)
        self.cookies = RequestCookies(headers: request.headers)
        self.metadata = metadata
    }

    /// The percent-encoded path of the app's route named `name`, as
    /// ``ResolvedApp/url(for:parameters:query:)`` builds it — e.g. for a `Location` header.
    public func url(for name: String, parameters: [String: any Sendable] = [:], query: [(String, String)] = []) throws(URLBuildingError) -> String {
        guard let urls else { throw URLBuildingError("no route is named \"\(name)\"") }
        return try urls.url(for: name, parameters: parameters, query: query)
    }

    /// The percent-decoded path, e.g. `/users/7`.
    public var path: String {
        PercentEncoding.decode(String(HTTPRequest.path(of: target)))
    }

    /// The content as UTF-8 text; invalid bytes become U+FFFD.
    public var text: String {
        String(decoding: body, as: UTF8.self)
    }

    /// Whether `headers` carry a precondition (RFC 9110 §13.1).
    static func hasConditions(_ headers: HTTPHeaders) -> Bool {
        headers.contains { field in
            field.name.utf8.count > 3 && (field.name.utf8.first == UInt8(ascii: "I") || field.name.utf8.first == UInt8(ascii: "i"))
                && Self.conditionalFields.contains { HTTPHeaders.namesEqual($0, field.name) }
        }
    }

    private static let conditionalFields = ["If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since"]

    /// The `Content-Type`, when present and well formed.
    public var contentType: MediaType? {
        headers["Content-Type"].flatMap(MediaType.init)
    }
}

/// The cookies a request sent in its `Cookie` fields.
public struct RequestCookies: Sendable, Sequence {
    /// The cookies as name–value pairs, in the order sent.
    public let pairs: [(name: String, value: String)]

    init(headers: HTTPHeaders) {
        let fields = headers.values(for: "Cookie")
        pairs = fields.isEmpty ? [] : fields.flatMap { Cookie.parse(cookieHeader: $0) }
    }

    /// The value of the first cookie named `name`.
    public subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    /// Whether no cookie was sent.
    public var isEmpty: Bool { pairs.isEmpty }

    /// The cookies in the order the request sent them.
    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        pairs.makeIterator()
    }
}
