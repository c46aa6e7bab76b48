import StrataHTTP

/// The RFC 9457 problem document Strata sends for errors.
public struct ProblemDetails: Codable, Sendable, Equatable {
    /// A URI naming the problem type; `about:blank` when the status says it all (§4.2.1).
    public var type: String
    /// A short summary of the problem type; the reason phrase for `about:blank`.
    public var title: String
    /// The HTTP status code.
    public var status: Int
    /// An explanation specific to this occurrence.
    public var detail: String?

    /// A problem document.
    public init(type: String = "about:blank", title: String, status: Int, detail: String? = nil) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
    }

    /// The document for `error`.
    public init(_ error: HTTPError) {
        self.init(title: error.status.reasonPhrase, status: error.status.code, detail: error.detail)
    }

    /// The problem response for `error`: its status and headers, a JSON problem body.
    static func response(for error: HTTPError) -> Response {
        var response = Response(status: error.status, headers: error.headers)
        // A layer's cache-control describes the route's successful answers. RFC 9111 §3 lets a
        // shared cache store any final status with explicit freshness, and a cached 401 or
        // 500 outlives its cause; the problem's own value beats the layers'.
        if error.status.isClientError || error.status.isServerError, !response.headers.contains("Cache-Control") {
            response.headers["Cache-Control"] = "no-store"
        }
        guard error.status.allowsContent else { return response }
        // A struct of strings and an Int always encodes; fall back to no body rather than trap.
        response.body = (try? JSONValueEncoder().encode(ProblemDetails(error))) ?? []
        response.mediaType = .problemJSON
        return response
    }
}
