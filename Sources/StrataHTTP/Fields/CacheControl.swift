/// The response directives of a `Cache-Control` field (RFC 9111 §5.2.2, RFC 5861, RFC 8246).
///
/// ```swift
/// CacheControl(maxAge: 60, isPublic: true).headerValue        // "max-age=60, public"
/// CacheControl(noCacheFields: ["Set-Cookie"]).headerValue     // "no-cache=\"Set-Cookie\""
/// ```
/// `headerValue` always writes directives in one fixed order, so equal values give
/// equal bytes.
public struct CacheControl: Sendable, Hashable {
    /// `max-age=N`: fresh for N seconds after generation (RFC 9111 §5.2.2.1).
    public var maxAge: Int?
    /// `must-revalidate`: once stale, never serve without revalidating (§5.2.2.2).
    public var mustRevalidate: Bool
    /// `must-understand`: only caches that understand the status code may store it (§5.2.2.3).
    public var mustUnderstand: Bool
    /// Unqualified `no-cache`: revalidate before every reuse (§5.2.2.4).
    ///
    /// It covers every field, so when it is set `noCacheFields` is not written.
    public var noCache: Bool
    /// Qualified `no-cache="f1, f2"`: only these header fields need revalidation (§5.2.2.4).
    ///
    /// Written when non-empty and `noCache` is `false`.
    public var noCacheFields: [String]
    /// `no-store`: do not store any part of the response (§5.2.2.5).
    public var noStore: Bool
    /// `no-transform`: intermediaries must not transform the content (§5.2.2.6).
    public var noTransform: Bool
    /// Unqualified `private`: only a private (single-user) cache may store it (§5.2.2.7).
    ///
    /// It covers every field, so when it is set `privateFields` is not written.
    public var isPrivate: Bool
    /// Qualified `private="f1"`: a shared cache may store the response without these
    /// fields (§5.2.2.7). Written when non-empty and `isPrivate` is `false`.
    public var privateFields: [String]
    /// `proxy-revalidate`: like must-revalidate, for shared caches only (§5.2.2.8).
    public var proxyRevalidate: Bool
    /// `public`: any cache may store it, even if it would otherwise not be cacheable (§5.2.2.9).
    public var isPublic: Bool
    /// `s-maxage=N`: max-age for shared caches, overriding `max-age` there (§5.2.2.10).
    public var sMaxAge: Int?
    /// `stale-while-revalidate=N`: may serve stale for N seconds while revalidating (RFC 5861 §3).
    public var staleWhileRevalidate: Int?
    /// `stale-if-error=N`: may serve stale for N seconds when revalidation errors (RFC 5861 §4).
    public var staleIfError: Int?
    /// `immutable`: the content will not change while fresh; skip revalidation on reload (RFC 8246).
    public var immutable: Bool

    /// Directives by name; every one defaults to absent, so `CacheControl()` has none.
    public init(
        maxAge: Int? = nil,
        mustRevalidate: Bool = false,
        mustUnderstand: Bool = false,
        noCache: Bool = false,
        noCacheFields: [String] = [],
        noStore: Bool = false,
        noTransform: Bool = false,
        isPrivate: Bool = false,
        privateFields: [String] = [],
        proxyRevalidate: Bool = false,
        isPublic: Bool = false,
        sMaxAge: Int? = nil,
        staleWhileRevalidate: Int? = nil,
        staleIfError: Int? = nil,
        immutable: Bool = false
    ) {
        self.maxAge = maxAge
        self.mustRevalidate = mustRevalidate
        self.mustUnderstand = mustUnderstand
        self.noCache = noCache
        self.noCacheFields = noCacheFields
        self.noStore = noStore
        self.noTransform = noTransform
        self.isPrivate = isPrivate
        self.privateFields = privateFields
        self.proxyRevalidate = proxyRevalidate
        self.isPublic = isPublic
        self.sMaxAge = sMaxAge
        self.staleWhileRevalidate = staleWhileRevalidate
        self.staleIfError = staleIfError
        self.immutable = immutable
    }

    /// Only `max-age=seconds`.
    public static func maxAge(_ seconds: Int) -> CacheControl {
        CacheControl(maxAge: seconds)
    }

    /// Only `no-store`: nothing may be cached.
    public static let noStore = CacheControl(noStore: true)

    /// Only `no-cache`: may be stored, but must be revalidated before each reuse.
    public static let noCache = CacheControl(noCache: true)

    /// The field value, directives separated by `", "` in RFC 9111 §5.2.2 order.
    ///
    /// Order: max-age, must-revalidate, must-understand, no-cache, no-store,
    /// no-transform, private, proxy-revalidate, public, s-maxage, then
    /// stale-while-revalidate, stale-if-error, immutable. Field lists are written as
    /// one quoted-string (`private="X-Bar, X-Baz"`). Empty when there is no directive;
    /// values are written as they are, so call `validate()` first for untrusted input.
    public var headerValue: String {
        var directives: [String] = []
        if let maxAge { directives.append("max-age=\(maxAge)") }
        if mustRevalidate { directives.append("must-revalidate") }
        if mustUnderstand { directives.append("must-understand") }
        if let noCache = Self.directive("no-cache", unqualified: noCache, fields: noCacheFields) {
            directives.append(noCache)
        }
        if noStore { directives.append("no-store") }
        if noTransform { directives.append("no-transform") }
        if let isPrivate = Self.directive("private", unqualified: isPrivate, fields: privateFields) {
            directives.append(isPrivate)
        }
        if proxyRevalidate { directives.append("proxy-revalidate") }
        if isPublic { directives.append("public") }
        if let sMaxAge { directives.append("s-maxage=\(sMaxAge)") }
        if let staleWhileRevalidate { directives.append("stale-while-revalidate=\(staleWhileRevalidate)") }
        if let staleIfError { directives.append("stale-if-error=\(staleIfError)") }
        if immutable { directives.append("immutable") }
        return directives.joined(separator: ", ")
    }

    // The unqualified form already covers every field, so it wins over a field list.
    // RFC 9111 §5.2.2.4 / §5.2.2.7: the qualified form's argument is a quoted-string
    // (a sender SHOULD NOT use the token form, even for a single field name).
    private static func directive(_ name: String, unqualified: Bool, fields: [String]) -> String? {
        if unqualified { return name }
        if fields.isEmpty { return nil }
        return "\(name)=\(HTTPQuotedString.quote(fields.joined(separator: ", ")))"
    }

    /// Throws if these directives should not be sent.
    ///
    /// Checked in this order: no directive at all; a negative `max-age`, `s-maxage`,
    /// `stale-while-revalidate` or `stale-if-error` (delta-seconds is `1*DIGIT`,
    /// RFC 9111 §1.2.2); `public` together with unqualified `private` (contradictory:
    /// any cache vs. private caches only; `public, private="X"` is coherent and allowed);
    /// a `no-cache` or `private` field name that is not a token (§5.2.2.4).
    public func validate() throws(CacheControlError) {
        if headerValue.isEmpty { throw .empty }
        let ages: [(String, Int?)] = [
            ("max-age", maxAge), ("s-maxage", sMaxAge),
            ("stale-while-revalidate", staleWhileRevalidate), ("stale-if-error", staleIfError),
        ]
        for case let (directive, value?) in ages where value < 0 {
            throw .negativeAge(directive: directive, seconds: value)
        }
        if isPublic && isPrivate { throw .publicAndPrivate }
        for (directive, fields) in [("no-cache", noCacheFields), ("private", privateFields)] {
            if let bad = fields.first(where: { !HTTPToken.isValid($0) }) {
                throw .invalidFieldName(directive: directive, name: bad)
            }
        }
    }
}

/// Why a `CacheControl` should not be sent; see `CacheControl.validate()`.
public enum CacheControlError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No directive is set, so the field would be empty.
    case empty
    /// A delta-seconds directive holds a negative number.
    case negativeAge(directive: String, seconds: Int)
    /// `public` and unqualified `private` are both set.
    case publicAndPrivate
    /// A field name listed by `no-cache` or `private` is not an RFC 9110 token.
    case invalidFieldName(directive: String, name: String)

    /// A sentence saying what is wrong and how to fix it.
    public var description: String {
        switch self {
        case .empty:
            "Cache-Control has no directive; omit the field instead of sending it empty"
        case let .negativeAge(directive, seconds):
            "Cache-Control \(directive)=\(seconds) is negative; delta-seconds must be 0 or more (RFC 9111 §1.2.2)"
        case .publicAndPrivate:
            "Cache-Control cannot be both public and private; choose one (RFC 9111 §5.2.2.7, §5.2.2.9)"
        case let .invalidFieldName(directive, name):
            "Cache-Control \(directive) lists \"\(name)\", which is not a valid field name (RFC 9110 §5.1 token)"
        }
    }
}
