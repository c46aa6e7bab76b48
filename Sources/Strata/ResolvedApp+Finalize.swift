import StrataHTTP

extension ResolvedApp {
    /// Finalizes a route's response — success or error alike — and attaches its background work.
    func finish(_ response: Response, for request: Request, entry: RouteEntry, isHead: Bool) async -> HTTPResponse {
        var http: HTTPResponse
        var tasks = response.backgroundTasks
        if entry.policy.afterRequest.isEmpty {
            http = finalize(response, entry: entry)
        } else {
            // Hooks see the response as the client will: the layered headers and cookies merged in.
            var full = merged(response, entry: entry)
            do {
                for hook in entry.policy.afterRequest {
                    full = try await hook(request, full)
                }
            } catch {
                onError(ErrorReport(source: .afterRequestHook, error: error, route: entry.label))
                full = merged(ProblemDetails.response(for: HTTPError(.internalServerError)), entry: entry)
            }
            tasks = full.backgroundTasks
            http = finalize(full, entry: entry, addingLayers: false)
        }
        // RFC 9110 §9.3.2: the same fields as for GET, no content.
        http.omitsBody = isHead
        tasks += entry.policy.backgroundTasks
        if !tasks.isEmpty {
            let concurrently = entry.policy.runsBackgroundTasksConcurrently
            http.afterSent = { [self, tasks] in
                await runBackgroundTasks(tasks, for: request, concurrently: concurrently, route: entry.label)
            }
        }
        return http
    }

    /// The wire form of `response` under `entry`'s policy: the response's own fields, then the
    /// layered ones it does not override. No header name or cookie key is sent twice.
    func finalize(_ response: Response, entry: RouteEntry, addingLayers: Bool = true) -> HTTPResponse {
        var response = response
        Self.dropServerFields(from: &response.headers)
        do {
            try response.headers.validate()
            for cookie in response.cookies {
                try cookie.validate()
            }
        } catch {
            // RFC 9110 §5.5: a CR or LF would let a value start a new field. Refuse it whole.
            onError(ErrorReport(source: .invalidResponse, error: error, route: entry.label))
            return finalize(ProblemDetails.response(for: HTTPError(.internalServerError)), entry: entry, addingLayers: addingLayers)
        }
        let allowsContent = response.status.allowsContent
        let body = allowsContent ? response.body : []
        guard addingLayers else {
            return HTTPResponse(status: response.status, headers: Self.wireHeaders(response), body: body)
        }
        let layered = response.usesRouteMediaType && allowsContent ? entry.typedFields : entry.policy.encodedFields
        if response.headers.isEmpty && response.cookies.isEmpty {
            return HTTPResponse(status: response.status, encodedFields: layered, body: body)
        }
        if !overrides(response, entry.policy) {
            return HTTPResponse(status: response.status, headers: Self.wireHeaders(response), encodedFields: layered, body: body)
        }
        return HTTPResponse(status: response.status, headers: Self.wireHeaders(merged(response, entry: entry)), body: body)
    }

    /// `response` with the route's layered headers and cookies merged in by key, the
    /// response's own winning — the one place the response-beats-layers rule is written.
    func merged(_ response: Response, entry: RouteEntry) -> Response {
        var full = response
        full.usesRouteMediaType = false
        Self.dropServerFields(from: &full.headers)
        if response.usesRouteMediaType && response.status.allowsContent, let mediaType = entry.mediaType, entry.policy.responseClass == nil {
            full.headers.add("Content-Type", mediaType.description)
        }
        let ownNames = Set(full.headers.map { HTTPHeaders.normalizedName($0.name) })
        let ownKeys = cookieKeys(of: full)
        for field in entry.policy.headers where !ownNames.contains(HTTPHeaders.normalizedName(field.name)) {
            full.headers.add(field.name, field.value)
        }
        full.cookies += entry.policy.cookies.filter { !ownKeys.contains($0.key) }
        return full
    }

    /// Whether the response sets a header name or cookie key that a layer also sets.
    private func overrides(_ response: Response, _ policy: ResolvedPolicy) -> Bool {
        response.headers.contains { policy.headerNames.contains(HTTPHeaders.normalizedName($0.name)) }
            || !cookieKeys(of: response).isDisjoint(with: policy.cookieKeys)
    }

    /// The keys of the cookies a response sets, modelled or as raw `Set-Cookie` fields.
    private func cookieKeys(of response: Response) -> Set<Cookie.Key> {
        var keys = Set(response.cookies.map(\.key))
        for value in response.headers.values(for: "Set-Cookie") {
            if let cookie = Cookie.parse(setCookie: value) { keys.insert(cookie.key) }
        }
        return keys
    }

    /// The response's headers followed by its cookies as `Set-Cookie` fields.
    private static func wireHeaders(_ response: Response) -> HTTPHeaders {
        var headers = response.headers
        for cookie in response.cookies {
            headers.add("Set-Cookie", cookie.headerValue)
        }
        return headers
    }

    /// Framing and the date are the transport's: a handler's copy would be sent twice or lie.
    private static func dropServerFields(from headers: inout HTTPHeaders) {
        guard !headers.isEmpty else { return }
        for name in ["Content-Length", "Transfer-Encoding", "Date"] where headers.contains(name) {
            headers.remove(name)
        }
    }
}
