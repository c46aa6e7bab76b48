import StrataHTTP

/// One method of one resolved route: everything a request to it needs, computed at build.
final class RouteEntry: Sendable {
    /// `GET /api/users/{id:int}`, for reports.
    let label: String
    /// The full path template, e.g. `/api/users/{id:int}`.
    let template: String
    let method: HTTPMethod
    let parameterNames: [String]
    let policy: ResolvedPolicy
    /// The handler's endpoint; with a handler executor, the middleware and the handler moved there.
    let endpoint: Endpoint
    /// The route's middleware around ``endpoint``, called instead of it; `nil` without any.
    let middleware: MiddlewareNext?
    let status: HTTPStatus
    let mediaType: MediaType?
    /// The request side, copied out of ``policy`` so a route without any tests one empty array.
    /// The guards' checks alone, outermost first: a request copies no name or refusal list.
    let guardChecks: [Guard.Check]
    let beforeRequest: [BeforeRequestHook]
    let metadata: RouteMetadata
    /// The route's dependencies; `nil` when its handler uses none, so no request to it makes
    /// a scope.
    let dependencyPlan: DependencyPlan?
    /// Whether requests get an id or an access line, so a route with neither tests one flag.
    let observes: Bool
    /// Whether requests draw from a rate limit's buckets.
    let isRateLimited: Bool
    /// Whether requests are checked for cross-site forgery: the route has ``CSRF`` and an
    /// unsafe method.
    let checksCrossSiteForgery: Bool
    /// Whether requests get a session slot (their commit is the first after-request hook).
    let hasSessions: Bool
    /// Whether the handler reads the content as a stream, so it is not collected first.
    let streamsBody: Bool
    /// Whether the route is a ``WebSocket``: its 101 carries the handler to the transport.
    let acceptsWebSocket: Bool
    /// Whether ``ResolvedApp`` prepares requests before the checks: ids, access lines, sessions.
    let prepares: Bool
    /// Whether a CSRF check or a rate limit may refuse requests before the guards.
    let refusesEarly: Bool
    /// Whether the route's compression policy compresses its own media type — decided here,
    /// once, for the responses that carry the route's `Content-Type`.
    let compressesItsMediaType: Bool
    /// Whether ``ResolvedApp/finish(_:for:entry:)`` adds fields or a line at its end: ids, an
    /// access line, CORS.
    let decorates: Bool

    /// The layered fields, encoded once: with the route's `Content-Type` first (for typed
    /// values) or without, and with or without the layered `ETag`.
    private let typedFields: EncodedHeaderFields
    private let untypedFields: EncodedHeaderFields
    private let typedFieldsWithoutETag: EncodedHeaderFields
    private let untypedFieldsWithoutETag: EncodedHeaderFields

    init(label: String, template: String, method: HTTPMethod, parameterNames: [String], policy: ResolvedPolicy,
         endpoint: @escaping Endpoint, middleware: MiddlewareNext? = nil, status: HTTPStatus, mediaType: MediaType?, dependencyPlan: DependencyPlan? = nil,
         streamsBody: Bool = false, acceptsWebSocket: Bool = false) throws(HTTPHeaderError) {
        self.streamsBody = streamsBody
        self.acceptsWebSocket = acceptsWebSocket
        self.label = label
        self.template = template
        self.method = method
        self.parameterNames = parameterNames
        self.policy = policy
        self.endpoint = endpoint
        self.middleware = middleware
        self.status = status
        self.mediaType = mediaType
        self.guardChecks = policy.guards.map(\.check)
        self.beforeRequest = policy.beforeRequest
        self.metadata = policy.metadata
        self.dependencyPlan = dependencyPlan
        self.observes = policy.accessLog != nil || policy.requestIDs != nil
        self.decorates = observes || policy.cors != nil
        self.isRateLimited = policy.rateLimit != nil
        self.checksCrossSiteForgery = policy.csrf != nil && CSRF.checks(method)
        self.hasSessions = policy.sessions != nil
        self.prepares = observes || hasSessions || acceptsWebSocket
        self.refusesEarly = checksCrossSiteForgery || isRateLimited
        self.compressesItsMediaType = mediaType.map { policy.compression?.compresses(contentType: $0.description) ?? false } ?? false
        let contentType: HTTPHeaders = mediaType.map { policy.responseClass == nil ? ["Content-Type": $0.description] : [:] } ?? [:]
        let withoutETag = policy.headers.filter { !HTTPHeaders.namesEqual($0.name, "ETag") }
        func encode(_ first: HTTPHeaders, _ fields: [HTTPHeaders.Field]) throws(HTTPHeaderError) -> EncodedHeaderFields {
            var headers = first
            for field in fields { headers.add(field.name, field.value) }
            for cookie in policy.cookies { headers.add("Set-Cookie", cookie.headerValue) }
            return try EncodedHeaderFields(headers)
        }
        typedFields = try encode(contentType, policy.headers.fields)
        untypedFields = try encode([:], policy.headers.fields)
        typedFieldsWithoutETag = try encode(contentType, withoutETag)
        untypedFieldsWithoutETag = try encode([:], withoutETag)
    }

    /// The encoded layered fields for a response of `status`.
    @inline(__always)
    func layeredFields(typed: Bool, status: HTTPStatus) -> EncodedHeaderFields {
        if layeredETagApplies(to: status) {
            return typed ? typedFields : untypedFields
        }
        return typed ? typedFieldsWithoutETag : untypedFieldsWithoutETag
    }

    /// `fields` without the layered `ETag`, when they are one of this route's encodings with it.
    func fieldsWithoutETag(replacing fields: EncodedHeaderFields) -> EncodedHeaderFields? {
        if fields == typedFields { return typedFieldsWithoutETag }
        if fields == untypedFields { return untypedFieldsWithoutETag }
        return nil
    }

    /// A layer's fixed `ETag` names the route's representation, which only 2xx and 304
    /// responses carry; an error problem is not that representation.
    @inline(__always)
    func layeredETagApplies(to status: HTTPStatus) -> Bool {
        status.isSuccess || status == .notModified
    }
}
