import StrataHTTP

/// Sessions for a layer's routes: values kept for a client between requests, behind a cookie.
///
/// - ``Backend/signedCookie(_:)``: the values travel in the cookie itself, as JSON signed with
///   HMAC-SHA256 — the client can read them (store no secrets) but not change them. The first
///   key signs; every key verifies, so keys rotate without signing anyone out: put the new key
///   first, keep the old one until the sessions it signed have expired. A cookie is limited to
///   4096 bytes; a session that would need more is an error naming the size.
/// - ``Backend/store(_:)``: the cookie holds a random 256-bit id, and the values live in a
///   ``SessionStore`` (``MemorySessionStore``, or yours).
///
/// The session is read on the first `try await request.session` and written only when it
/// changed: a route that never reads it, or only reads it, sends no cookie. A scalar policy:
/// the innermost layer that sets one wins; ``off`` switches it off below.
///
/// ```swift
/// enum SignedInUser: SessionKey { typealias Value = String }
///
/// let app = App(routes: [
///     Post("/login") { request in
///         try await request.session.set(SignedInUser.self, request.text)
///         return "welcome"
///     },
///     Get("/me") { request in try await request.session[SignedInUser.self] ?? "nobody" },
/// ])
/// .sessions(Sessions(.signedCookie([SigningKey.random()])))
/// ```
public struct Sessions: Sendable {
    /// Where the values live.
    public enum Backend: Sendable {
        /// In the cookie, signed by the first key and verified by any.
        case signedCookie([SigningKey])
        /// In `store`, under the random id the cookie holds.
        case store(any SessionStore)
    }

    /// Whether the layer's routes have sessions; ``off`` has it `false`.
    public var isEnabled: Bool
    /// Where the values live.
    public var backend: Backend
    /// The cookie's name.
    public var cookieName: String
    /// How long a session lasts after it was last written.
    public var maxAge: Duration
    /// The cookie's `Path`.
    public var path: String
    /// The cookie's `Domain`; `nil` keeps it to the host that set it.
    public var domain: String?
    /// The cookie's `SameSite`.
    public var sameSite: Cookie.SameSite
    /// Whether the cookie is `Secure`; `nil` makes it so when the request came over HTTPS
    /// (``Request/isSecure``, which trusted proxies decide).
    public var secure: Bool?

    /// Sessions kept by `backend`, in an `HttpOnly` cookie.
    public init(_ backend: Backend, cookieName: String = "session", maxAge: Duration = .seconds(14 * 24 * 3600), path: String = "/",
                domain: String? = nil, sameSite: Cookie.SameSite = .lax, secure: Bool? = nil) {
        self.isEnabled = true
        self.backend = backend
        self.cookieName = cookieName
        self.maxAge = maxAge
        self.path = path
        self.domain = domain
        self.sameSite = sameSite
        self.secure = secure
    }

    /// No sessions for the layer's routes, below a layer that has them.
    public static let off: Sessions = {
        var sessions = Sessions(.signedCookie([]))
        sessions.isEnabled = false
        return sessions
    }()

    /// The most bytes of a cookie's name and value browsers keep (RFC 6265 §6.1's minimum,
    /// and what Chromium and Firefox enforce).
    public static let cookieLimit = 4096

    /// 400 days: browsers cap a cookie's lifetime there (RFC 6265bis §5.5).
    static let longestMaxAge = 400 * 24 * 3600

    /// The cookie's `Max-Age`, in whole seconds.
    var maxAgeSeconds: Int {
        Int(max(maxAge.components.seconds, 0))
    }

    /// What is wrong with the policy, for the build error.
    var problems: [String] {
        var problems: [String] = []
        if case .signedCookie(let keys) = backend {
            if keys.isEmpty { problems.append("sessions: a signed cookie needs at least one signing key") }
            for (index, key) in keys.enumerated() where key.bytes.count < SigningKey.minimumLength {
                problems.append("sessions: signing key \(index + 1) has \(key.bytes.count) bytes; use at least \(SigningKey.minimumLength) random bytes")
            }
        }
        if maxAgeSeconds < 1 { problems.append("sessions: maxAge \(maxAge) is under a second") }
        if maxAgeSeconds > Self.longestMaxAge {
            problems.append("sessions: maxAge \(maxAge) is over 400 days, the longest browsers keep a cookie (RFC 6265bis)")
        }
        do {
            try Cookie(cookieName, "", path: path, domain: domain).validate()
        } catch {
            problems.append("sessions: \(error)")
        }
        return problems
    }

    /// The cookie that carries `value` to a client of `request`; `nil` expires it.
    func cookie(_ value: String?, for request: Request) -> Cookie {
        Cookie(cookieName, value ?? "", maxAge: value == nil ? 0 : maxAgeSeconds, path: path, domain: domain,
               secure: secure ?? request.isSecure, httpOnly: true, sameSite: sameSite)
    }
}
