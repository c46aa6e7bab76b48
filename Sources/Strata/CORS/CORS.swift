import StrataHTTP

/// Cross-origin resource sharing for a layer's routes, as the Fetch standard defines it: which
/// other origins' scripts may read the responses, with which methods and request headers, and
/// whether with cookies. A scalar policy: the innermost layer that says wins, and
/// ``off`` switches it off below one that has it.
///
/// - A **preflight** (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) is answered
///   by Strata before routing, guards and middleware, from the policy of the route that would
///   serve the requested method: `204` with `Access-Control-Allow-Origin`, `-Methods` (the
///   methods the path's routes really answer, that allow the origin), `-Headers`, `-Credentials`
///   and `-Max-Age`. An origin, method or header the policy does not allow gets the `204`
///   without them — the browser then refuses the request; it is not an error of the server.
/// - An **actual request** from an allowed origin gets `Access-Control-Allow-Origin` (and
///   `-Credentials`, `-Expose-Headers`); from another origin, none. `Vary: Origin` is added
///   wherever the answer depends on the origin, so a cache never serves one origin's answer
///   to another.
///
/// CORS only tells browsers what they may show a page; it refuses nothing. A request from a
/// disallowed origin is still served — protect state-changing routes with guards and CSRF
/// checks, not with CORS.
///
/// ```swift
/// let api = Router("/api", routes: [Get("/books") { _ in ["Dune"] }, Post("/books") { _ in "added" }])
///     .cors(CORS(origins: ["https://books.example.com", "https://*.preview.example.com"],
///                headers: ["Content-Type", "Authorization"], exposedHeaders: ["X-Request-ID"],
///                allowsCredentials: true, maxAge: 600))
/// ```
public struct CORS: Sendable {
    /// The origins allowed to read responses.
    public enum Origins: Sendable, ExpressibleByArrayLiteral {
        /// Every origin: `Access-Control-Allow-Origin: *` — or, with credentials, where `*`
        /// is not allowed, the request's own origin.
        case any
        /// These origins: `scheme://host[:port]` exactly (case aside), or with a `*.` before the
        /// host for any subdomain of it (`https://*.example.com` allows
        /// `https://a.example.com` and `https://a.b.example.com`, not `https://example.com`).
        /// `"*"` alone is ``any``; `"null"` allows the opaque origin of sandboxed frames and
        /// `file:` pages, which any site can produce — list it only knowingly.
        case list([String])

        /// The origins listed; `["*"]` is ``any``.
        public init(arrayLiteral elements: String...) {
            self = elements == ["*"] ? .any : .list(elements)
        }
    }

    /// The request headers a preflight may ask for.
    public enum Headers: Sendable, ExpressibleByArrayLiteral {
        /// Whatever the preflight asks for (reflected: `*` would not cover `Authorization`).
        case any
        /// These names, case aside. The CORS-safelisted headers need no listing, except a
        /// `Content-Type` that is not a form or plain text (`application/json`): list it.
        case list([String])

        /// The header names listed; `["*"]` is ``any``.
        public init(arrayLiteral elements: String...) {
            self = elements == ["*"] ? .any : .list(elements)
        }
    }

    /// Whether the layer's routes take part; ``off`` has it `false`.
    public var isEnabled: Bool
    /// The origins allowed.
    public var origins: Origins
    /// The methods allowed cross-origin; `nil` allows every method the path's routes answer.
    public var methods: [HTTPMethod]?
    /// The request headers allowed beyond the safelisted ones.
    public var headers: Headers
    /// Response headers a page may read beyond the safelisted ones (`Access-Control-Expose-Headers`).
    public var exposedHeaders: [String]
    /// Whether requests may carry cookies and `Authorization` (`Access-Control-Allow-Credentials`).
    public var allowsCredentials: Bool
    /// How long, in seconds, a browser may reuse a preflight's answer; `nil` leaves it to the
    /// browser (5 s in Chromium and Firefox). Browsers cap it (2 h in Chromium, 24 h in Firefox).
    public var maxAge: Int?

    /// A policy for `origins`.
    public init(origins: Origins, methods: [HTTPMethod]? = nil, headers: Headers = [], exposedHeaders: [String] = [],
                allowsCredentials: Bool = false, maxAge: Int? = 600) {
        self.isEnabled = true
        self.origins = origins
        self.methods = methods
        self.headers = headers
        self.exposedHeaders = exposedHeaders
        self.allowsCredentials = allowsCredentials
        self.maxAge = maxAge
    }

    /// No CORS for the layer's routes, below a layer that has it.
    public static let off: CORS = {
        var cors = CORS(origins: .list([]))
        cors.isEnabled = false
        return cors
    }()
}
