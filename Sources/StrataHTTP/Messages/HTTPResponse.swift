/// A response as a responder hands it to the transport: status, fields and content.
public struct HTTPResponse: Sendable {
    /// The status.
    public var status: HTTPStatus
    /// Fields built for this response; checked as they are written.
    public var headers: HTTPHeaders
    /// Fields checked and encoded ahead of time (a route's resolved headers), written
    /// after ``headers``.
    public var encodedFields: EncodedHeaderFields
    /// The content, when it is in memory.
    public var body: [UInt8]
    /// Content produced while it is sent, chunked on the wire; replaces ``body``.
    public var stream: HTTPBodyStream?
    /// A file region sent with `sendfile`; replaces ``body``.
    public var file: HTTPFileRegion?
    /// When set, the fields describe ``body`` (its `Content-Length` among them) but the
    /// content itself is not sent: the answer to HEAD (RFC 9110 §9.3.2).
    public var omitsBody: Bool
    /// With ``omitsBody``: the `Content-Length` to announce — the length a GET would have
    /// sent — or `nil` to send none (RFC 9110 §8.6 lets a HEAD response omit it).
    public var announcedContentLength: Int?
    /// Work the transport runs once the response is written (or the client is gone):
    /// the app's background tasks.
    public var afterSent: (@Sendable () async -> Void)?
    /// What ``afterSent`` does, for a shutdown report if it is still running at the deadline.
    public var afterSentLabel: String

    /// A response.
    public init(status: HTTPStatus, headers: HTTPHeaders = [:], encodedFields: EncodedHeaderFields = .empty, body: [UInt8] = [], omitsBody: Bool = false, announcedContentLength: Int? = nil,
                afterSent: (@Sendable () async -> Void)? = nil, afterSentLabel: String = "") {
        self.status = status
        self.headers = headers
        self.encodedFields = encodedFields
        self.body = body
        self.omitsBody = omitsBody
        self.stream = nil
        self.file = nil
        self.announcedContentLength = announcedContentLength
        self.afterSent = afterSent
        self.afterSentLabel = afterSentLabel
    }
}
