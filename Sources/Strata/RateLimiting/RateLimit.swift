import StrataHTTP

/// A request budget for a layer's routes, per client: a token bucket that holds `requests`
/// tokens and refills them over `window`, so a client may burst up to `requests` and then goes
/// on at `requests` per `window`. A request without a token is answered `429 Too Many Requests`
/// with `Retry-After` and the `RateLimit` and `RateLimit-Policy` fields, before guards run and
/// before its content is read.
///
/// A scalar policy: the innermost layer that sets one wins, and ``off`` switches it off. The
/// buckets belong to the `RateLimit` value: every route under the layer that declared it draws
/// from the same bucket per client, so an app-wide limit is one budget, not one per route.
///
/// Memory is bounded: at most `maxClients` buckets are kept (full buckets — clients idle long
/// enough to have their whole budget back — are dropped first, then the least recently seen),
/// so a flood of distinct addresses costs a bounded table, not the process.
///
/// ```swift
/// let api = Router("/api", routes: [Post("/search") { _ in ["Dune"] }])
///     .rateLimit(RateLimit(100, per: .seconds(60)))
/// ```
public struct RateLimit: Sendable {
    /// What a client is, for its bucket.
    public enum Key: Sendable {
        /// ``Request/clientAddress`` — the real client behind trusted proxies. IPv6 addresses
        /// count by their /64 network: one host commonly holds a whole /64. A request without a
        /// known address is not limited.
        case clientAddress
        /// The value of a request header (an API key), else the client address.
        case header(String)
        /// A key of your own (a user id from the request context); `nil` is not limited. It
        /// runs before guards, so it reads what before-guard code can know: the head.
        case custom(@Sendable (Request) -> String?)
    }

    /// Whether requests are limited; ``off`` has it `false`.
    public var isEnabled: Bool
    /// The bucket's size: the most requests in a burst, and the number per ``window``.
    public let requests: Int
    /// How long a bucket takes to refill from empty.
    public let window: Duration
    /// Whose bucket a request draws from.
    public let key: Key
    /// The most buckets kept.
    public let maxClients: Int
    /// The policy's name in `RateLimit-Policy`.
    public let name: String
    let buckets: TokenBuckets

    /// `requests` per `window` for each client.
    public init(_ requests: Int, per window: Duration, by key: Key = .clientAddress, maxClients: Int = 100_000, name: String = "default") {
        self.isEnabled = true
        self.requests = requests
        self.window = window
        self.key = key
        self.maxClients = maxClients
        self.name = name
        let nanoseconds = max(window.components.seconds, 0) * 1_000_000_000 + window.components.attoseconds / 1_000_000_000
        buckets = TokenBuckets(capacity: max(requests, 1), windowNanoseconds: max(UInt64(nanoseconds), 1), maxKeys: max(maxClients, 16))
    }

    /// No limit for the layer's routes, below a layer that has one.
    public static let off: RateLimit = {
        var limit = RateLimit(1, per: .seconds(1))
        limit.isEnabled = false
        return limit
    }()

    /// What is wrong with the policy, for the build error.
    var problems: [String] {
        var problems: [String] = []
        if requests < 1 { problems.append("rateLimit: \(requests) requests; allow at least 1") }
        if window <= .zero { problems.append("rateLimit: the window \(window) is not positive") }
        if maxClients < 16 { problems.append("rateLimit: maxClients \(maxClients) is below 16") }
        if !HTTPToken.isValid(name) { problems.append("rateLimit: the name \"\(name)\" is not a token") }
        if case .header(let header) = key, !HTTPToken.isValid(header) { problems.append("rateLimit: \"\(header)\" is not a header name") }
        return problems
    }

    /// The refusal for `request`, or `nil` when it may go on (and has taken its token).
    func refusal(for request: Request, now: UInt64) -> HTTPError? {
        guard let key = bucketKey(for: request) else { return nil }
        guard let wait = buckets.take(key, now: now) else { return nil }
        let seconds = max(1, (wait + 999_999_999) / 1_000_000_000)
        let windowSeconds = max(1, Int(window.components.seconds))
        return HTTPError(.tooManyRequests, detail: "More than \(requests) requests in \(window); try again in \(seconds) s.", headers: [
            "Retry-After": String(seconds),
            "RateLimit-Policy": "\"\(name)\";q=\(requests);w=\(windowSeconds)",
            "RateLimit": "\"\(name)\";r=0;t=\(seconds)",
        ])
    }

    private func bucketKey(for request: Request) -> BucketKey? {
        switch key {
        case .clientAddress:
            return request.clientAddress.map(BucketKey.init(address:))
        case .header(let name):
            if let value = request.headers[name] { return .text(value) }
            return request.clientAddress.map(BucketKey.init(address:))
        case .custom(let make):
            return make(request).map(BucketKey.text)
        }
    }
}

/// A bucket's key: an address (IPv6 by its /64) or text.
enum BucketKey: Hashable, Sendable {
    case address(UInt64, UInt64)
    case text(String)

    init(address: IPAddress) {
        self = address.isIPv4 ? .address(address.high, address.low) : .address(address.high, 0)
    }
}
