import FoundationEssentials
import Strata

/// A response as the test client received it, parsed back from the bytes on the wire.
public struct TestResponse: Sendable {
    /// The status.
    public let status: HTTPStatus
    /// Every header field, in wire order.
    public let headers: HTTPHeaders
    /// The content.
    public let body: [UInt8]
    /// The exact bytes received: status line, fields and content.
    public let rawBytes: [UInt8]
    /// The responses to the requests that redirected here, oldest first.
    public let redirects: [TestResponse]

    init(status: HTTPStatus, headers: HTTPHeaders, body: [UInt8], rawBytes: [UInt8], redirects: [TestResponse] = []) {
        self.status = status
        self.headers = headers
        self.body = body
        self.rawBytes = rawBytes
        self.redirects = redirects
    }

    /// The content as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The content decoded as JSON; dates in ISO 8601, as Strata writes them.
    public func json<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try StrataJSON.makeDecoder().decode(type, from: Data(body))
    }

    /// The content decoded as MessagePack.
    public func messagePack<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try MessagePackDecoder().decode(type, from: body)
    }

    /// The `Content-Type`.
    public var mediaType: MediaType? { headers["Content-Type"].flatMap(MediaType.init) }

    /// The `Cache-Control`.
    public var cacheControl: CacheControl? { headers["Cache-Control"].flatMap(CacheControl.parse) }

    /// The `ETag`.
    public var etag: ETag? { headers["ETag"].flatMap(ETag.parse) }

    /// Every `Set-Cookie`, parsed with all of its attributes, in order.
    public var cookies: [Cookie] { headers.values(for: "Set-Cookie").compactMap { Cookie.parse(setCookie: $0) } }

    /// The last `Set-Cookie` named `name`.
    public func cookie(_ name: String) -> Cookie? {
        cookies.last { $0.name == name }
    }
}
