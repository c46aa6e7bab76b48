import StrataHTTP

extension ResolvedApp {
    /// Serves a request its route takes, in the order of `Documentation/Layers.md`: guards on
    /// the head, preconditions the route can decide before its handler, the content, the
    /// before-request hooks, then middleware around the handler and its rendering, and
    /// ``finish(_:for:entry:)``. Each request-side step costs a route that declares none of
    /// it one test of an empty array.
    func serve(_ http: HTTPRequest, entry: RouteEntry, parameters: PathParameters, forwarded: ForwardedOrigin? = nil) async -> HTTPResponse {
        var request = Request(http, body: [], parameters: parameters, route: entry.template, metadata: entry.metadata, urls: urls,
                              forwarded: forwarded, logger: appLogger)
        // Every way out goes through one call of `recover` and one of `finish`: each call
        // site of an async function that takes the request keeps a copy of it in this
        // function's frame, and a larger frame costs the task allocations on every request.
        var response: Response
        do {
            response = try await routeResponse(&request, http: http, entry: entry)
        } catch is BodyUnavailable {
            // The client went away or sent the content wrongly, and the server has answered
            // (or closed) itself: the route never ran, so neither do its hooks, error handlers
            // or background tasks, and there is nothing to report. The transport drops this.
            return HTTPResponse(status: .badRequest)
        } catch {
            response = await recover(from: error, request: request, entry: entry)
        }
        return await finish(response, for: request, entry: entry)
    }

    /// The route's response to `request`, or the error that stops it: the early refusals, the
    /// guards on the head, a failed precondition, the content, the before-request hooks, then
    /// the endpoint — middleware around the handler.
    private func routeResponse(_ request: inout Request, http: HTTPRequest, entry: RouteEntry) async throws -> Response {
        if entry.prepares { prepare(&request, entry: entry) }
        if entry.refusesEarly, let refusal = earlyRefusal(request, entry: entry) {
            throw refusal
        }
        // Before the content is read: a refused upload is never read, and a refused
        // `Expect: 100-continue` request never gets its 100.
        for check in entry.guardChecks {
            switch check {
            case .sync(let check): try check(&request)
            case .async(let check): try await check(&request)
            }
        }
        // A layer's fixed ETag is known before the handler runs: a failed precondition must
        // stop an unsafe method from being performed at all (RFC 9110 §13.2.1) — and its
        // content need not be read.
        if let etag = entry.policy.resourceETag, Request.hasConditions(http.headers),
           let refusal = preconditionRefusal(request, etag: etag, lastModified: nil, status: nil, compression: entry.policy.compression) {
            return refusal
        }
        if entry.streamsBody {
            attachBodyStream(to: &request, from: http, entry: entry)
        } else {
            do {
                request.body = try await http.body.collect(upTo: entry.policy.requestBodyLimit)
            } catch is HTTPRequestBodyUnavailable {
                throw BodyUnavailable()
            }
        }
        for hook in entry.beforeRequest {
            if let response = try await hook(&request) { return response }
        }
        if let plan = entry.dependencyPlan {
            request.dependencies = DependencyScope(plan: plan, reportError: reportError, route: entry.label)
        }
        if let middleware = entry.middleware { return try await middleware(request) }
        return try await entry.endpoint(request)
    }

    /// The content could not be read (see `serve`): distinct from the same error thrown by a
    /// handler that reads a streamed body, which the exception handlers answer.
    private struct BodyUnavailable: Error {}

    /// The content of a route that streams it: left in the socket for the handler to read
    /// from ``Request/bodyStream``, within the route's limit.
    private func attachBodyStream(to request: inout Request, from http: HTTPRequest, entry: RouteEntry) {
        request.context[BodyStreamSlot.self] = http.body.chunks(upTo: entry.policy.requestBodyLimit)
    }

    /// What a request carries from the start, where its route asks: an id, the time for its
    /// access line, a session slot. Synchronous, and one test for routes with none of them.
    private func prepare(_ request: inout Request, entry: RouteEntry) {
        if entry.observes { observe(&request, entry: entry) }
        if entry.hasSessions { attachSessionSlot(to: &request, entry: entry) }
        if entry.acceptsWebSocket { request.context[WebSocketSlot.Key.self] = WebSocketSlot() }
    }

    /// The refusal of a request by its route's CSRF check (403) or rate limit (429), or `nil`.
    /// The check comes first, so a forged request cannot spend its victim's budget.
    private func earlyRefusal(_ request: Request, entry: RouteEntry) -> HTTPError? {
        if entry.checksCrossSiteForgery, let csrf = entry.policy.csrf, let forged = csrf.refusal(for: request) {
            return forged
        }
        return entry.policy.rateLimit?.refusal(for: request, now: MonotonicClock.nanoseconds())
    }
}
