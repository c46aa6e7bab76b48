import StrataHTTP

/// One route and method as built: its resolved policies, for tests and API descriptions.
public struct RouteInfo: Sendable {
    /// The method.
    public let method: HTTPMethod
    /// The full path template, e.g. `/api/users/{id:int}`.
    public let path: String
    /// The success status.
    public let status: HTTPStatus
    /// The media type of typed values, when the route has one.
    public let mediaType: MediaType?
    /// The layered headers sent with every response, `Cache-Control` and `ETag` included.
    public let headers: HTTPHeaders
    /// The layered cookies sent with every response.
    public let cookies: [Cookie]
    /// The resolved `Cache-Control`.
    public let cacheControl: CacheControl?
    /// The resolved `ETag`.
    public let etag: ETag?
    /// The request-body limit in bytes.
    public let requestBodyLimit: Int
    /// Headers described for documentation only.
    public let documentedHeaders: [DocumentedHeader]
    /// Cookies described for documentation only.
    public let documentedCookies: [DocumentedCookie]

    init(_ entry: RouteEntry) {
        method = entry.method
        path = entry.template
        status = entry.status
        mediaType = entry.mediaType
        headers = entry.policy.headers
        cookies = entry.policy.cookies
        cacheControl = entry.policy.cacheControl
        etag = entry.policy.etag
        requestBodyLimit = entry.policy.requestBodyLimit
        documentedHeaders = entry.policy.documentedHeaders
        documentedCookies = entry.policy.documentedCookies
    }
}
