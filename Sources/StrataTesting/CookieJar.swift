import FoundationEssentials
import Strata

/// A cookie store that behaves as a user agent's does (RFC 6265 §5.3 and §5.4): domain and
/// path matching, host-only cookies, expiry, deletion, and `Secure` cookies sent only over
/// https.
///
/// The test client fills it from every `Set-Cookie` and sends what matches with each request.
public final class CookieJar: Sendable {
    /// A cookie as stored, with what the store decided about it.
    public struct Entry: Sendable, Hashable {
        /// The cookie as received.
        public var cookie: Cookie
        /// The domain it is sent to (the request host for a host-only cookie).
        public var domain: String
        /// Whether it goes to `domain` only, not to its subdomains (no `Domain` attribute).
        public var hostOnly: Bool
        /// The path it is sent under.
        public var path: String
        /// When it expires; `nil` for a session cookie.
        public var expiry: Date?
        var creation: Date
    }

    private let entries = PthreadLock<[Entry]>([])
    private let now: @Sendable () -> Date

    /// An empty jar; `now` is the clock expiry is judged by.
    public init(now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
    }

    /// Every unexpired cookie, oldest first.
    public var all: [Entry] {
        let current = now()
        return entries.withLock { stored in
            stored.removeAll { Self.isExpired($0, at: current) }
            return stored
        }
    }

    /// The value of the unexpired cookie named `name`, if there is exactly one such name or
    /// the first stored.
    public subscript(name: String) -> String? {
        all.first { $0.cookie.name == name }?.cookie.value
    }

    /// Forgets every cookie.
    public func removeAll() {
        entries.withLock { $0.removeAll() }
    }

    /// Stores `cookie` as received in a response to `host` and `path` (RFC 6265 §5.3).
    /// Returns whether it was stored (an expired cookie deletes instead and returns false).
    @discardableResult
    public func store(_ cookie: Cookie, fromHost host: String, path requestPath: String) -> Bool {
        let current = now()
        let host = host.lowercased()
        // §5.3 step 3: Max-Age takes precedence over Expires.
        var expiry: Date?
        if let maxAge = cookie.maxAge {
            expiry = maxAge <= 0 ? Date.distantPast : current.addingTimeInterval(TimeInterval(maxAge))
        } else if let expires = cookie.expires {
            expiry = expires
        }
        // §5.3 step 6: a Domain attribute must domain-match the host; without one the cookie
        // is host-only.
        var domain = host
        var hostOnly = true
        if let attribute = cookie.domain.map({ $0.hasPrefix(".") ? String($0.dropFirst()) : $0 })?.lowercased(), !attribute.isEmpty {
            // §5.3 step 5: a public suffix such as a bare TLD is refused, unless it is the host
            // itself — then the cookie is host-only.
            if !attribute.contains(".") {
                guard attribute == host else { return false }
            } else {
                guard Self.domainMatches(host: host, domain: attribute) else { return false }
                domain = attribute
                hostOnly = false
            }
        }
        // §5.3 step 7: a missing or relative Path means the request's default-path.
        let path = cookie.path.flatMap { $0.hasPrefix("/") ? $0 : nil } ?? Self.defaultPath(of: requestPath)
        var entry = Entry(cookie: cookie, domain: domain, hostOnly: hostOnly, path: path, expiry: expiry, creation: current)
        entry.cookie.domain = hostOnly ? nil : domain
        entry.cookie.path = path
        let expired = Self.isExpired(entry, at: current)
        return entries.withLock { stored in
            // §5.3 step 11: the same name, domain and path replace the old cookie, which keeps
            // its creation time; an already-expired cookie only deletes it.
            if let index = stored.firstIndex(where: { $0.cookie.name == entry.cookie.name && $0.domain == entry.domain && $0.path == entry.path }) {
                entry.creation = stored[index].creation
                stored.remove(at: index)
            }
            guard !expired else { return false }
            stored.append(entry)
            return true
        }
    }

    /// The `Cookie` field value for a request to `host` and `path` (RFC 6265 §5.4), or `nil`
    /// when no cookie matches. Longer paths come first, then older cookies.
    public func cookieHeader(forHost host: String, path: String, secure: Bool) -> String? {
        let host = host.lowercased()
        let matching = all.filter { entry in
            (entry.hostOnly ? host == entry.domain : Self.domainMatches(host: host, domain: entry.domain))
                && Self.pathMatches(path, cookiePath: entry.path)
                && (secure || !entry.cookie.writesSecure)
        }
        guard !matching.isEmpty else { return nil }
        let ordered = matching.sorted { lhs, rhs in
            lhs.path.utf8.count != rhs.path.utf8.count ? lhs.path.utf8.count > rhs.path.utf8.count : lhs.creation < rhs.creation
        }
        return Cookie.cookieHeader(ordered.map { ($0.cookie.name, $0.cookie.value) })
    }

    private static func isExpired(_ entry: Entry, at date: Date) -> Bool {
        entry.expiry.map { $0 <= date } ?? false
    }

    /// RFC 6265 §5.1.3.
    static func domainMatches(host: String, domain: String) -> Bool {
        if host == domain { return true }
        let isIPAddress = host.allSatisfy { $0.isNumber || $0 == "." } || host.contains(":")
        return !isIPAddress && host.hasSuffix("." + domain)
    }

    /// RFC 6265 §5.1.4.
    static func pathMatches(_ requestPath: String, cookiePath: String) -> Bool {
        if requestPath == cookiePath { return true }
        guard requestPath.hasPrefix(cookiePath) else { return false }
        return cookiePath.hasSuffix("/") || requestPath.dropFirst(cookiePath.count).hasPrefix("/")
    }

    /// RFC 6265 §5.1.4: the request path up to, not including, its last `/`; `/` if that is empty.
    static func defaultPath(of requestPath: String) -> String {
        guard requestPath.hasPrefix("/"), let lastSlash = requestPath.lastIndex(of: "/"), lastSlash != requestPath.startIndex else {
            return "/"
        }
        return String(requestPath[..<lastSlash])
    }
}
