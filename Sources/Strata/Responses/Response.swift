import StrataHTTP

/// A response a handler builds itself, with full control of status, headers, cookies and body.
///
/// Values set here are the innermost of all: they beat every layer's, and a layer's header
/// or cookie with the same key is then not sent.
///
/// ```swift
/// Post("/jobs") { _ in
///     var response = Response(status: .accepted, text: "queued")
///     response.headers["Retry-After"] = "30"
///     response.setCookie(Cookie("job", "42"))
///     return response
/// }
/// ```
public struct Response: Sendable {
    /// The status.
    public var status: HTTPStatus
    /// Header fields; `Content-Length` and `Transfer-Encoding` are the server's and are dropped.
    public var headers: HTTPHeaders
    /// Cookies, each sent as one `Set-Cookie` field.
    public var cookies: [Cookie]
    /// The content, when it is in memory.
    public var body: [UInt8]
    /// Content produced while it is sent — chunked on the wire, with backpressure; replaces ``body``.
    public var stream: HTTPBodyStream?
    /// A file region, sent with `sendfile`; replaces ``body``.
    public var file: HTTPFileRegion?
    /// Work to run after this response is sent, before the route's layered tasks.
    public var backgroundTasks: [BackgroundTask]
    /// Set when Strata rendered a typed value: the route's resolved `Content-Type`
    /// (encoded once at build) is sent instead of a field in ``headers``.
    var usesRouteMediaType = false
    /// Fields a container sets by default (an event stream's `Cache-Control: no-cache`): sent
    /// only where neither ``headers`` nor any layer sets the name.
    var defaultHeaders: HTTPHeaders = [:]

    /// A response with raw bytes.
    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = [:], body: [UInt8] = [], backgroundTasks: [BackgroundTask] = []) {
        self.status = status
        self.headers = headers
        self.cookies = []
        self.body = body
        self.stream = nil
        self.file = nil
        self.backgroundTasks = backgroundTasks
    }

    /// A text response; text media types get `charset=utf-8` unless they name a charset.
    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = [:], text: String, mediaType: MediaType = .plainText) {
        self.init(status: status, headers: headers, body: Array(text.utf8))
        self.mediaType = mediaType.withDefaultCharset()
    }

    /// A JSON response, encoded with Strata's JSON encoder.
    public static func json<T: Encodable>(_ value: T, status: HTTPStatus = .ok, headers: HTTPHeaders = [:], mediaType: MediaType = .json) throws -> Response {
        var response = Response(status: status, headers: headers, body: try JSONValueEncoder().encode(value))
        response.mediaType = mediaType
        return response
    }

    /// The `Content-Type`.
    public var mediaType: MediaType? {
        get { headers["Content-Type"].flatMap(MediaType.init) }
        set { headers["Content-Type"] = newValue?.description }
    }

    /// The `Cache-Control`, which beats every layer's.
    public var cacheControl: CacheControl? {
        get { headers["Cache-Control"].flatMap(CacheControl.parse) }
        set { headers["Cache-Control"] = newValue?.headerValue }
    }

    /// The `ETag`, which beats every layer's.
    public var etag: ETag? {
        get { headers["ETag"].flatMap(ETag.parse) }
        set { headers["ETag"] = newValue?.headerValue }
    }

    /// Sets a cookie, replacing one with the same name, domain and path.
    public mutating func setCookie(_ cookie: Cookie) {
        cookies.removeAll { $0.key == cookie.key }
        cookies.append(cookie)
    }

    /// Tells the client to delete a cookie; `path` and `domain` must be the ones it was set with.
    public mutating func deleteCookie(_ name: String, path: String? = "/", domain: String? = nil) {
        setCookie(Cookie.deleting(name, path: path, domain: domain))
    }

    /// Tells the client to delete `cookie`, with the Path, Domain, Secure, SameSite and
    /// Partitioned it was set with — a partitioned or `SameSite=None` cookie is only deleted so.
    public mutating func deleteCookie(_ cookie: Cookie) {
        setCookie(cookie.deletion())
    }

    /// The content as the transport sends it: the stream, else the file, else the bytes.
    var content: HTTPResponse.Body {
        if let stream { return .stream(stream) }
        if let file { return .file(file) }
        return .bytes(body)
    }

    /// Adds work to run after the response is sent.
    public mutating func addBackgroundTask(_ task: BackgroundTask) {
        backgroundTasks.append(task)
    }
}

extension MediaType {
    /// This type with `charset=utf-8` added when it is text and names no charset.
    func withDefaultCharset() -> MediaType {
        isText && charset == nil ? withCharset("utf-8") : self
    }
}
