/// Where a request came from before the proxies the app trusts: the client's address, and the
/// scheme and host it used — as ``TrustedProxies`` reads them from `Forwarded` or
/// `X-Forwarded-*`.
public struct ForwardedOrigin: Sendable, Equatable {
    /// The client's address; `nil` when the proxy hid it (`for=unknown`, an obfuscated name).
    public var client: IPAddress?
    /// `http` or `https`, if a proxy said.
    public var scheme: String?
    /// The host the client asked for (`example.com`, `example.com:8443`), if a proxy said.
    public var host: String?

    /// An origin.
    public init(client: IPAddress?, scheme: String? = nil, host: String? = nil) {
        self.client = client
        self.scheme = scheme
        self.host = host
    }
}
