/// A request as the transport hands it to a responder: method, target, fields and body.
///
/// `StrataHTTP` knows nothing of routes; `Strata` turns this into a `Request`.
public struct HTTPRequest: Sendable {
    /// The request method.
    public var method: HTTPMethod
    /// The request-target in origin form: the path and, after `?`, the query (RFC 9112 §3.2.1).
    public var target: String
    /// The protocol version.
    public var version: HTTPVersion
    /// The request's header fields.
    public var headers: HTTPHeaders
    /// The content, read on demand.
    public var body: HTTPRequestBody
    /// The address at the other end of the connection — the client, or the nearest proxy;
    /// `nil` where there is no socket.
    public var peer: PeerAddress?

    /// A request.
    public init(method: HTTPMethod, target: String, version: HTTPVersion = .http1_1, headers: HTTPHeaders = [:], body: HTTPRequestBody = .empty,
                peer: PeerAddress? = nil) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
        self.peer = peer
    }

    /// The target's path: everything before `?` (and before `#`, which clients should not send).
    public var path: Substring {
        Self.path(of: target)
    }

    /// The path of a request-target: everything before `?` (and before `#`).
    public static func path(of target: String) -> Substring {
        let end = target.utf8.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? target.endIndex
        return target[..<end]
    }

    /// The target's query, without `?`; empty when there is none.
    public var query: Substring {
        guard let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) else { return "" }
        let start = target.utf8.index(after: mark)
        let end = target.utf8[start...].firstIndex(of: UInt8(ascii: "#")) ?? target.endIndex
        return target[start..<end]
    }
}
