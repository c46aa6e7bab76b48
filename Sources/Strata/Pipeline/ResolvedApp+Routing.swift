import StrataHTTP

/// What the app decided about a request from its head alone, before any content is read.
enum RoutingDecision {
    /// A route serves it, with these path parameters.
    case route(RouteEntry, PathParameters)
    /// An `OPTIONS` request no route answers itself: 204 with this `Allow`.
    case options(allow: String)
    /// No route takes it: 404, 405 with `Allow`, or 400 for a malformed path.
    case refused(HTTPError)
}

extension ResolvedApp {
    /// Routes a request head: the one route match a request gets.
    func route(_ http: HTTPRequest, forwarded: ForwardedOrigin? = nil) -> RoutingDecision {
        // The host a request names: a trusted proxy's word, else its `Host` field.
        if let allowedHosts, !allowedHosts.allows(forwarded?.host ?? http.headers["Host"]) {
            return .refused(HTTPError(.badRequest, detail: "The request names a host this server does not serve."))
        }
        if http.target == "*" {
            // RFC 9110 §9.3.7: OPTIONS * asks about the server as a whole.
            return .options(allow: serverAllowHeader)
        }
        let path = http.path
        switch table.match(method: http.method, path: path) {
        case .found(let index, let captures, let decoded):
            let entry = entries[index]
            let parameters = captures.count == 0 ? PathParameters.none
                : PathParameters(names: entry.parameterNames, path: path, captures: captures, decoded: decoded)
            return .route(entry, parameters)
        case .methodNotAllowed(let allowed):
            let allow = Self.allowHeader(for: allowed)
            return http.method == .options ? .options(allow: allow) : .refused(HTTPError(.methodNotAllowed, headers: ["Allow": allow]))
        case .notFound:
            return .refused(HTTPError(.notFound))
        case .malformedPath:
            return .refused(HTTPError(.badRequest, detail: "The request path has a malformed percent-encoding."))
        }
    }
}

extension ResolvedApp {
    /// The route that would serve `method` and `path` (a raw, percent-encoded path), with its
    /// path parameters converted; `nil` when none would (404 or 405).
    public func match(_ method: HTTPMethod, path: String) -> RouteMatch? {
        let path = path[...]
        guard case .found(let index, let captures, let decoded) = table.match(method: method, path: path) else { return nil }
        let entry = entries[index]
        return RouteMatch(method: entry.method, route: entry.template,
                          parameters: captures.count == 0 ? .none
                            : PathParameters(names: entry.parameterNames, path: path, captures: captures, decoded: decoded))
    }
}

/// Which route serves a request, as ``ResolvedApp/match(_:path:)`` finds it.
public struct RouteMatch: Sendable {
    /// The method of the route (GET for a HEAD request a GET route answers).
    public let method: HTTPMethod
    /// The route's full path template, e.g. `/api/users/{id:int}`.
    public let route: String
    /// The path parameters.
    public let parameters: PathParameters
}
