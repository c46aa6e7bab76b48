/// A response as a responder hands it to the transport: status, fields and content.
///
/// ```swift
/// HTTPResponse(status: .ok, headers: ["Content-Type": "text/plain"], body: .bytes(Array("hi".utf8)))
/// ```
public struct HTTPResponse: Sendable {
    /// What follows the head: bytes in memory, a stream, a file region, or — for HEAD —
    /// nothing, with the framing a GET would have announced.
    public enum Body: Sendable {
        /// Content in memory, sent with its `Content-Length`.
        case bytes([UInt8])
        /// Content produced while it is sent: chunked on HTTP/1.1, close-delimited on 1.0.
        case stream(HTTPBodyStream)
        /// A file region sent with `sendfile`, announced with its length.
        case file(HTTPFileRegion)
        /// The answer to HEAD (RFC 9110 §9.3.2): the fields describe content that is not sent.
        case omitted(Framing)

        /// No content.
        public static let empty = Body.bytes([])
    }

    /// How the content of a HEAD answer would have been framed by GET.
    public enum Framing: Sendable, Hashable {
        /// `Content-Length` with this value.
        case length(Int)
        /// `Transfer-Encoding: chunked`, as a stream would be sent.
        case chunked
        /// No framing field: RFC 9110 §8.6 lets a HEAD answer leave the length out.
        case unannounced
    }

    /// The status.
    public var status: HTTPStatus
    /// Fields built for this response; checked as they are written, unless the responder that
    /// built them checked them already.
    public var headers: HTTPHeaders {
        get { storedHeaders }
        set {
            headersChecked = false
            storedHeaders = newValue
        }
        // In place, so a field added later does not copy the others (a `didSet` observer
        // would, called from another module); and it clears the mark.
        _modify {
            headersChecked = false
            yield &storedHeaders
        }
    }
    private var storedHeaders: HTTPHeaders
    /// Set by a responder that has checked every name and value in ``headers`` (Strata does,
    /// to answer a bad field with a 500 that names the route): the serializer then copies
    /// them without checking them a second time. Any change to ``headers`` clears it.
    package var headersChecked = false
    /// Fields checked and encoded ahead of time (a route's resolved headers), written after
    /// ``headers``.
    package var encodedFields: EncodedHeaderFields
    /// The content.
    public var body: Body
    /// Work the transport runs once the response is written (or the client is gone): the
    /// app's background tasks.
    public var afterSent: (@Sendable () async -> Void)?
    /// What ``afterSent`` does, for a shutdown report if it is still running at the deadline.
    public var afterSentLabel: String
    /// Told, on the transport's thread, once the response's last byte is written or the
    /// response is given up (the client left, the connection closed): what was sent, for an
    /// access log. It must return quickly — it runs between two writes of the event loop.
    public var onDelivery: (@Sendable (Delivery) -> Void)?
    /// Set on a `101 Switching Protocols` that turns the connection into a WebSocket.
    package var webSocket: WebSocketUpgrade?

    /// A response.
    public init(status: HTTPStatus, headers: HTTPHeaders = [:], body: Body = .empty,
                afterSent: (@Sendable () async -> Void)? = nil, afterSentLabel: String = "") {
        self.init(status: status, headers: headers, encodedFields: .empty, body: body, afterSent: afterSent, afterSentLabel: afterSentLabel)
    }

    /// A response with fields encoded ahead of time.
    package init(status: HTTPStatus, headers: HTTPHeaders = [:], encodedFields: EncodedHeaderFields, body: Body = .empty,
                 afterSent: (@Sendable () async -> Void)? = nil, afterSentLabel: String = "") {
        self.status = status
        self.storedHeaders = headers
        self.encodedFields = encodedFields
        self.body = body
        self.afterSent = afterSent
        self.afterSentLabel = afterSentLabel
    }

    /// What a transport did with a response, as ``onDelivery`` is told.
    public struct Delivery: Sendable, Hashable {
        /// The status written: the response's own, or the transport's 500 when one of its
        /// fields could not be written, or its 404 when its file was gone.
        public var status: HTTPStatus
        /// Content bytes sent, framing (the head, chunk sizes) left out; for a response given
        /// up, those queued for the socket by then.
        public var contentBytes: Int
        /// Whether all of the response was written; `false` when the client left first.
        public var isComplete: Bool

        /// A delivery.
        public init(status: HTTPStatus, contentBytes: Int, isComplete: Bool) {
            self.status = status
            self.contentBytes = contentBytes
            self.isComplete = isComplete
        }
    }

    /// The content when it is in memory; empty for the other forms.
    public var bytes: [UInt8] {
        if case .bytes(let bytes) = body { return bytes }
        return []
    }
}
