import StrataHTTP

/// Cross-site request forgery protection for a layer's routes: an unsafe request (anything but
/// `GET`, `HEAD`, `OPTIONS` and `TRACE`) that a browser says another site's page made is
/// refused with `403` before guards run and before its content is read.
///
/// Strata checks what the browser itself reports, not a token (OWASP's "Fetch Metadata" and
/// "verifying origin with standard headers" defenses; Go's `CrossOriginProtection` works the
/// same way). A page cannot forge either field:
///
/// 1. `Sec-Fetch-Site` (every current browser, on HTTPS and `localhost`): `same-origin` and
///    `none` (the user typed the address or used a bookmark) pass; `same-site` and
///    `cross-site` are refused unless the request's `Origin` is trusted. `same-site` is refused
///    too: a sibling subdomain may be someone else's.
/// 2. Otherwise `Origin` (sent by every browser on unsafe requests since 2020): it passes when
///    its host and port are the host the client asked for (``Request/host``, so behind a
///    trusted proxy the proxy's word), or when it is trusted.
/// 3. A request with neither is not from a browser's page — `curl`, a server, a mobile app —
///    and passes: it carries no cookies it did not choose to send.
///
/// The check covers every unsafe request, whatever authenticates it: cookies, a browser's
/// remembered Basic credentials and client certificates all ride along on a forged request.
/// Exempt a route (a webhook with its own signature) with ``off`` on its layer. Safe methods
/// are never checked — keep them free of side effects.
///
/// A scalar policy: the innermost layer that sets one wins.
///
/// ```swift
/// let app = App(routes: [
///     Post("/books") { _ in "added" },
///     Post("/hooks/payments") { _ in "ok" }.csrf(.off),
/// ])
/// .csrf(CSRF(trustedOrigins: ["https://admin.example.com"]))
/// ```
public struct CSRF: Sendable {
    /// Whether unsafe requests are checked; ``off`` has it `false`.
    public var isEnabled: Bool
    /// Other origins whose pages may send unsafe requests — e.g. a front end on its own
    /// origin that calls the API with cookies (list it in ``CORS`` with credentials, too).
    /// Spelled as ``CORS/Origins/list(_:)`` spells them: exact origins, or `https://*.example.com`.
    public var trustedOrigins: [String] {
        didSet { trusted = OriginList(trustedOrigins) }
    }
    private(set) var trusted: OriginList

    /// Refuses cross-origin unsafe requests except from `trustedOrigins`.
    public init(trustedOrigins: [String] = []) {
        self.isEnabled = true
        self.trustedOrigins = trustedOrigins
        self.trusted = OriginList(trustedOrigins)
    }

    /// No check for the layer's routes, below a layer that has one.
    public static let off: CSRF = {
        var csrf = CSRF()
        csrf.isEnabled = false
        return csrf
    }()

    /// What is wrong with the policy, for the build error.
    var problems: [String] {
        var problems = trusted.problems(policy: "csrf")
        // Either would trust every page: "null" is the origin any site's sandboxed frame has.
        if trustedOrigins.contains("*") { problems.append("csrf: \"*\" would trust every origin; switch the check off with .csrf(.off) instead") }
        if trustedOrigins.contains("null") { problems.append("csrf: \"null\" would trust any page in a sandboxed frame; list real origins") }
        return problems
    }

    /// Whether requests of `method` are checked: the unsafe ones (RFC 9110 §9.2.1).
    static func checks(_ method: HTTPMethod) -> Bool {
        method != .get && method != .head && method != .options && method != .trace
    }

    /// The 403 for `request` when a browser says another site's page sent it, or `nil`.
    func refusal(for request: Request) -> HTTPError? {
        let origin = request.headers["Origin"]
        if let site = request.headers["Sec-Fetch-Site"] {
            if site == "same-origin" || site == "none" { return nil }
            if let origin, trusted.contains(origin) { return nil }
            return HTTPError(.forbidden, detail: "Cross-origin request refused: the browser reports it was sent from another site's page (Sec-Fetch-Site), whose origin this route does not trust.")
        }
        guard let origin else { return nil }
        if Self.origin(origin, isHost: request.host) || trusted.contains(origin) { return nil }
        return HTTPError(.forbidden, detail: "Cross-origin request refused: its Origin is neither this host nor an origin this route trusts.")
    }

    /// Whether `origin`'s host and port are `host` (a `Host` value), a port its scheme
    /// implies aside.
    static func origin(_ origin: String, isHost host: String?) -> Bool {
        guard let host, let parts = OriginList.split(origin.lowercased()) else { return false }
        let implied = parts.scheme == "https" ? ":443" : parts.scheme == "http" ? ":80" : nil
        var asked = host.lowercased()
        if let implied, asked.hasSuffix(implied) { asked.removeLast(implied.utf8.count) }
        let port = parts.port == implied ? "" : parts.port
        return asked == parts.host + port
    }
}
