import StrataHTTP

extension ResolvedApp {
    /// Answers a CORS preflight (Fetch §4.8): `OPTIONS` with `Origin` and
    /// `Access-Control-Request-Method`, for a path whose route for that method has a CORS
    /// policy. Before guards and middleware: a preflight carries no credentials, and a guard
    /// would refuse it. `nil` when no such route exists; the request is then an ordinary
    /// `OPTIONS`.
    func answerPreflight(_ http: HTTPRequest, origin: String, requestedMethod: String, forwarded: ForwardedOrigin?) async -> HTTPResponse? {
        guard let method = HTTPMethod(rawValue: requestedMethod),
              case .found(let index, _, _) = table.match(method: method, path: http.path),
              let cors = entries[index].policy.cors else { return nil }
        let entry = entries[index]
        var headers: HTTPHeaders = ["Allow": Self.allowHeader(for: (corsRoutes[entry.template] ?? [entry]).map(\.method))]
        if !cors.isUniform { headers.add("Vary", "Origin") }
        if let fields = preflightFields(cors, origin: origin, method: method, requestedHeaders: http.headers["Access-Control-Request-Headers"],
                                        path: entry.template) {
            headers.add(contentsOf: fields)
        }
        var request = Request(http, body: [], parameters: .none, route: entry.template, urls: urls, forwarded: forwarded, logger: appLogger)
        request.isCORSPreflight = true
        observe(&request, entry: fallback)
        return await finish(Response(status: .noContent, headers: headers), for: request, entry: fallback)
    }

    /// The `Access-Control-*` fields of a preflight the policy allows; `nil` for one it does
    /// not (the origin, the method or a header), which then gets none.
    private func preflightFields(_ cors: ResolvedCORS, origin: String, method: HTTPMethod, requestedHeaders: String?, path: String) -> HTTPHeaders? {
        guard cors.allows(origin: origin), cors.methods?.contains(method) ?? true else { return nil }
        var allowedHeaders: [String] = []
        if let requestedHeaders {
            for name in requestedHeaders.split(separator: ",") {
                let name = name.trimmingCharacters(in: " \t").lowercased()
                guard !name.isEmpty else { continue }
                guard HTTPToken.isValid(name), cors.headers?.contains(name) ?? true else { return nil }
                allowedHeaders.append(name)
            }
        }
        // The path's methods whose routes would let this origin use them.
        let methods = (corsRoutes[path] ?? []).filter { route in
            guard let policy = route.policy.cors else { return false }
            return policy.allows(origin: origin) && (policy.methods?.contains(route.method) ?? true)
        }.map(\.method)
        var fields: HTTPHeaders = ["Access-Control-Allow-Origin": cors.allowOriginValue(for: origin)]
        fields.add("Access-Control-Allow-Methods", HTTPMethod.canonicallySorted(Set(methods + [method])).map(\.rawValue).joined(separator: ", "))
        if !allowedHeaders.isEmpty { fields.add("Access-Control-Allow-Headers", allowedHeaders.joined(separator: ", ")) }
        if cors.allowsCredentials { fields.add("Access-Control-Allow-Credentials", "true") }
        if let maxAge = cors.maxAge { fields.add("Access-Control-Max-Age", maxAge) }
        return fields
    }

    /// The CORS fields of an actual request's answer (Fetch §3.2.3): the origin allowed, or
    /// nothing, and `Vary: Origin` wherever the answer depends on it — also without an
    /// `Origin`, so a cache does not hand a same-origin answer to a cross-origin page.
    func addCORSFields(_ cors: ResolvedCORS, to http: inout HTTPResponse, for request: Request) {
        http.headers.reserveCapacity(http.headers.count + 4)
        if !cors.isUniform { Self.addVary("Origin", to: &http) }
        guard let origin = request.headers["Origin"], cors.allows(origin: origin),
              !http.headers.contains("Access-Control-Allow-Origin") else { return }
        http.headers.add("Access-Control-Allow-Origin", cors.allowOriginValue(for: origin))
        if cors.allowsCredentials { http.headers.add("Access-Control-Allow-Credentials", "true") }
        if let exposed = cors.exposedHeaders { http.headers.add("Access-Control-Expose-Headers", exposed) }
    }

    /// Adds `name` to the response's `Vary` unless a `Vary` field (its own or a layer's)
    /// already lists it or `*`.
    static func addVary(_ name: String, to http: inout HTTPResponse) {
        func lists(_ value: String) -> Bool {
            value.split(separator: ",").contains { token in
                let token = token.trimmingCharacters(in: " \t")
                return token == "*" || HTTPHeaders.namesEqual(String(token), name)
            }
        }
        let listed = http.headers.fields.contains { HTTPHeaders.namesEqual($0.name, "Vary") && lists($0.value) }
            || http.encodedFields.headers.fields.contains { HTTPHeaders.namesEqual($0.name, "Vary") && lists($0.value) }
        if !listed { http.headers.add("Vary", name) }
    }
}
