import FoundationEssentials

/// A cookie a server sets with a `Set-Cookie` response field (RFC 6265 §4.1).
///
/// ```swift
/// let session = Cookie("session", "abc123", maxAge: 3600, secure: true, httpOnly: true)
/// session.headerValue // "session=abc123; Max-Age=3600; Path=/; Secure; HttpOnly; SameSite=Lax"
/// ```
///
/// The defaults are the safe ones: `Path=/` and `SameSite=Lax`. Call ``validate()`` before
/// sending a cookie built from untrusted parts; ``headerValue`` writes the fields verbatim.
public struct Cookie: Sendable, Hashable {
    /// The `SameSite` attribute: when a browser sends the cookie on cross-site requests.
    ///
    /// Not optional, so `sameSite: .none` always means `SameSite=None`; leaving the attribute
    /// out is ``omitted``.
    public enum SameSite: Sendable, Hashable {
        /// Sent on same-site requests and top-level cross-site navigations.
        case lax
        /// Sent on same-site requests only.
        case strict
        /// Sent on every request; browsers require `Secure` with it, so it is always written.
        case none
        /// No attribute: the browser applies its default (Lax in current browsers).
        case omitted

        /// The attribute's value, `nil` for ``omitted``.
        public var attributeValue: String? {
            switch self {
            case .lax: return "Lax"
            case .strict: return "Strict"
            case .none: return "None"
            case .omitted: return nil
            }
        }
    }

    /// What identifies a stored cookie: a new cookie with the same key replaces the old one
    /// (RFC 6265 §5.3 step 11).
    public struct Key: Hashable, Sendable {
        /// The cookie name, compared case-sensitively.
        public var name: String
        /// The domain, lowercased without a leading dot; `nil` for a host-only cookie.
        public var domain: String?
        /// The path as written; `nil` means the user agent's default-path.
        public var path: String?

        /// A key from its parts, taken as given.
        public init(name: String, domain: String?, path: String?) {
            self.name = name
            self.domain = domain
            self.path = path
        }
    }

    /// The cookie name, a token (RFC 9110 §5.6.2).
    public var name: String
    /// The cookie value: cookie-octets, optionally in one pair of double quotes.
    public var value: String
    /// `Max-Age`: seconds until the cookie expires; zero or negative expires it at once.
    public var maxAge: Int?
    /// `Expires`: when the cookie expires; `Max-Age` wins in browsers that see both.
    public var expires: Date?
    /// `Path`: the URL path prefix the cookie is sent for; `nil` omits it (default-path).
    public var path: String?
    /// `Domain`: the domain the cookie is sent to with its subdomains; `nil` means host-only.
    public var domain: String?
    /// `Secure`: send only over HTTPS. Written also when `SameSite=None` or `Partitioned`.
    public var secure: Bool
    /// `HttpOnly`: hide the cookie from scripts.
    public var httpOnly: Bool
    /// `SameSite`; ``SameSite/omitted`` leaves the attribute out and the choice to the browser.
    public var sameSite: SameSite
    /// `Partitioned` (CHIPS): store the cookie separately for each top-level site.
    public var partitioned: Bool

    /// A cookie with safe defaults: `Path=/`, `SameSite=Lax`, and no expiry (a session cookie).
    public init(
        _ name: String,
        _ value: String,
        maxAge: Int? = nil,
        expires: Date? = nil,
        path: String? = "/",
        domain: String? = nil,
        secure: Bool = false,
        httpOnly: Bool = false,
        sameSite: SameSite = .lax,
        partitioned: Bool = false
    ) {
        self.name = name
        self.value = value
        self.maxAge = maxAge
        self.expires = expires
        self.path = path
        self.domain = domain
        self.secure = secure
        self.httpOnly = httpOnly
        self.sameSite = sameSite
        self.partitioned = partitioned
    }

    /// The key that decides which stored cookie this one replaces.
    ///
    /// The domain is compared case-insensitively and a leading dot is ignored (RFC 6265
    /// §5.2.3), so `Domain=.Example.com` and `Domain=example.com` give the same key.
    public var key: Key {
        var normalizedDomain: String?
        if var domain = domain?.lowercased() {
            if domain.hasPrefix(".") { domain.removeFirst() }
            normalizedDomain = domain.isEmpty ? nil : domain
        }
        return Key(name: name, domain: normalizedDomain, path: path)
    }

    /// Whether `Secure` is written: asked for, or forced by `SameSite=None` or `Partitioned`,
    /// which browsers reject without it.
    public var writesSecure: Bool {
        secure || sameSite == .none || partitioned
    }

    /// The `Set-Cookie` field value, with the attributes always in one order.
    ///
    /// `name=value; Expires=…; Max-Age=N; Domain=d; Path=p; Secure; HttpOnly; SameSite=Lax;
    /// Partitioned`, leaving out what is unset. `Cookie("a", "1").headerValue` is
    /// `a=1; Path=/; SameSite=Lax`. Parts are written verbatim: ``validate()`` first.
    public var headerValue: String {
        var result = name + "=" + value
        if let expires { result += "; Expires=" + HTTPDate.format(expires) }
        if let maxAge { result += "; Max-Age=" + String(maxAge) }
        if let domain { result += "; Domain=" + domain }
        if let path { result += "; Path=" + path }
        if writesSecure { result += "; Secure" }
        if httpOnly { result += "; HttpOnly" }
        if let sameSite = sameSite.attributeValue { result += "; SameSite=" + sameSite }
        if partitioned { result += "; Partitioned" }
        return result
    }

    /// Checks the name, value, path and domain against RFC 6265 §4.1.1.
    ///
    /// The name must be a token; the value cookie-octets, optionally in one pair of DQUOTEs
    /// (empty is fine); the path printable ASCII without `;`, starting with `/` (a user agent
    /// ignores any other, RFC 6265 §5.2.4); the domain letters, digits, `-` and `.`, with an
    /// optional leading dot. So CR, LF and NUL are refused everywhere.
    ///
    /// - Throws: ``CookieError`` for the first invalid part, naming the offending character.
    public func validate() throws(CookieError) {
        if let bad = name.unicodeScalars.first(where: { !($0.isASCII && HTTPToken.isTokenCharacter(UInt8($0.value))) }) {
            throw CookieError(cookieName: name, reason: .invalidName, character: bad)
        }
        if name.isEmpty { throw CookieError(cookieName: name, reason: .invalidName) }

        var octets = Substring(value).unicodeScalars
        // RFC 6265 §4.1.1: cookie-value = *cookie-octet / ( DQUOTE *cookie-octet DQUOTE )
        if octets.count >= 2, octets.first == "\"", octets.last == "\"" {
            octets = octets.dropFirst().dropLast()
        }
        if let bad = octets.first(where: { !Self.isCookieOctet($0) }) {
            throw CookieError(cookieName: name, reason: .invalidValue, character: bad)
        }

        if let path {
            // RFC 6265 §4.1.1: path-value = <any CHAR except CTLs or ";">
            if let bad = path.unicodeScalars.first(where: { !(0x20...0x7E).contains($0.value) || $0 == ";" }) {
                throw CookieError(cookieName: name, reason: .invalidPath, character: bad)
            }
            if !path.hasPrefix("/") { throw CookieError(cookieName: name, reason: .invalidPath) }
        }

        if let domain {
            // RFC 6265 §4.1.2.3: a leading dot is allowed and ignored.
            let host = domain.hasPrefix(".") ? domain.dropFirst() : Substring(domain)
            if let bad = host.unicodeScalars.first(where: { !Self.isDomainCharacter($0) }) {
                throw CookieError(cookieName: name, reason: .invalidDomain, character: bad)
            }
            if host.isEmpty { throw CookieError(cookieName: name, reason: .invalidDomain) }
        }
    }

    /// The cookie that makes a browser delete this one.
    ///
    /// Same name, empty value, `Max-Age=0` and `Expires` at the epoch, with the same Path,
    /// Domain, Secure, HttpOnly, SameSite and Partitioned: a browser deletes only the cookie
    /// whose key matches, and a partitioned one only inside its partition.
    public func deletion() -> Cookie {
        Cookie(
            name, "",
            maxAge: 0, expires: Date(timeIntervalSince1970: 0),
            path: path, domain: domain,
            secure: secure, httpOnly: httpOnly, sameSite: sameSite, partitioned: partitioned
        )
    }

    /// The cookie that deletes the cookie `name` set with these attributes.
    ///
    /// `Cookie.deleting("a").headerValue` is
    /// `a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax`.
    public static func deleting(
        _ name: String,
        path: String? = "/",
        domain: String? = nil,
        secure: Bool = false,
        sameSite: SameSite = .lax,
        partitioned: Bool = false
    ) -> Cookie {
        Cookie(name, "", path: path, domain: domain, secure: secure, sameSite: sameSite, partitioned: partitioned)
            .deletion()
    }

    /// RFC 6265 §4.1.1 cookie-octet: %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E,
    /// i.e. printable ASCII except DQUOTE, comma, semicolon and backslash.
    static func isCookieOctet(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x21, 0x23...0x2B, 0x2D...0x3A, 0x3C...0x5B, 0x5D...0x7E: return true
        default: return false
        }
    }

    static func isDomainCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "-", ".": return true
        default: return false
        }
    }
}
