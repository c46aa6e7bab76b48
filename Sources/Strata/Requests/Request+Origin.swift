import Glibc
import StrataHTTP
import Synchronization

/// Where a request came from — the client's address, the scheme and the host it used —
/// through the proxies the app trusts (``App/trustedProxies``).
extension Request {
    /// The client's address: from the forwarding fields of a trusted proxy, else the peer's.
    /// `nil` when a proxy hid it (`for=unknown`) or there is no socket.
    public var clientAddress: IPAddress? {
        if let forwarded { return forwarded.client }
        return peer?.ip
    }

    /// `https` when a trusted proxy says the client used it, else `http` (Strata's server
    /// speaks plain HTTP; TLS ends at the proxy).
    public var scheme: String {
        forwarded?.scheme ?? "http"
    }

    /// Whether the client's connection was encrypted (as far as a trusted proxy says): the
    /// test for sending a cookie with `Secure`, or for redirecting to `https`.
    public var isSecure: Bool {
        scheme == "https"
    }

    /// The host the client asked for: a trusted proxy's word, else the `Host` field.
    public var host: String? {
        forwarded?.host ?? headers["Host"]
    }

    /// `path` (absolute, starting with `/`) as an absolute URL on the host and scheme the
    /// client used, e.g. for a link in an email or a `Location` that must be absolute; `nil`
    /// without a host.
    ///
    /// ```swift partial
    /// let link = request.absoluteURL(try request.url(for: "book", parameters: ["id": 7]))
    /// // "https://books.example.com/books/7" behind a TLS proxy
    /// ```
    public func absoluteURL(_ path: String) -> String? {
        guard let host, path.hasPrefix("/") else { return nil }
        return "\(scheme)://\(host)\(path)"
    }

    /// What `proxies` make of `request`. What did not parse is logged as a warning — at most
    /// once a second, since a client behind the proxy can write the fields.
    static func origin(of request: HTTPRequest, trusting proxies: TrustedProxies, logger: Logger) -> ForwardedOrigin? {
        switch proxies.resolve(peer: request.peer, headers: request.headers) {
        case .direct:
            return nil
        case .forwarded(let origin, let problem):
            if let problem, ForwardingReports.mayReport() {
                let peer = request.peer.map { "\($0.ip)" } ?? "?"
                logger.warning("a forwarding field from a trusted proxy does not parse and was ignored",
                               metadata: ["proxy": .string(peer), "field": .string(Self.printable(problem))])
            }
            return origin
        }
    }

    /// `text` with every byte outside printable ASCII escaped, so a field cannot forge log
    /// lines or reorder them on a terminal.
    static func printable(_ text: String) -> String {
        var output = ""
        for scalar in text.unicodeScalars.prefix(200) {
            if (0x20...0x7E).contains(scalar.value) {
                output.unicodeScalars.append(scalar)
            } else {
                output += "\\u{\(String(scalar.value, radix: 16))}"
            }
        }
        return output
    }
}

/// The clock of the reports of unparsable forwarding fields: one a second at most.
enum ForwardingReports {
    private static let lastSecond = Atomic<Int>(0)

    static func mayReport() -> Bool {
        let now = Int(time(nil))
        let last = lastSecond.load(ordering: .relaxed)
        return now != last && lastSecond.compareExchange(expected: last, desired: now, ordering: .relaxed).exchanged
    }
}
