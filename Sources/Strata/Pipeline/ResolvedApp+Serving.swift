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
        if entry.prepares { prepare(&request, entry: entry) }
        if entry.refusesEarly, let refusal = await refuseEarly(request, entry: entry) {
            return refusal
        }
        if !entry.guardChecks.isEmpty {
            // Before the content is read: a refused upload is never read, and a refused
            // `Expect: 100-continue` request never gets its 100.
            do {
                for check in entry.guardChecks {
                    switch check {
                    case .sync(let check): try check(&request)
                    case .async(let check): try await check(&request)
                    }
                }
            } catch {
                return await finish(await recover(from: error, request: request, entry: entry), for: request, entry: entry)
            }
        }
        // A layer's fixed ETag is known before the handler runs: a failed precondition must
        // stop an unsafe method from being performed at all (RFC 9110 §13.2.1) — and its
        // content need not be read.
        if let etag = entry.policy.resourceETag, Request.hasConditions(http.headers) {
            if let refusal = preconditionRefusal(request, etag: etag, lastModified: nil, status: nil, compression: entry.policy.compression) {
                return await finish(refusal, for: request, entry: entry)
            }
        }
        if entry.streamsBody {
            attachBodyStream(to: &request, from: http, entry: entry)
        } else {
            do {
                request.body = try await http.body.collect(upTo: entry.policy.requestBodyLimit)
            } catch is HTTPRequestBodyUnavailable {
                // The client went away or sent the content wrongly, and the server has answered
                // (or closed) itself: the route never ran, so neither do its hooks, error handlers
                // or background tasks, and there is nothing to report. The transport drops this.
                return HTTPResponse(status: .badRequest)
            } catch {
                return await finish(await recover(from: error, request: request, entry: entry), for: request, entry: entry)
            }
        }
        if !entry.beforeRequest.isEmpty {
            do {
                for hook in entry.beforeRequest {
                    if let response = try await hook(&request) {
                        return await finish(response, for: request, entry: entry)
                    }
                }
            } catch {
                return await finish(await recover(from: error, request: request, entry: entry), for: request, entry: entry)
            }
        }
        if let plan = entry.dependencyPlan {
            request.dependencies = DependencyScope(plan: plan, reportError: reportError, route: entry.label)
        }
        let response: Response
        do {
            response = try await entry.endpoint(request)
        } catch {
            response = await recover(from: error, request: request, entry: entry)
        }
        return await finish(response, for: request, entry: entry)
    }

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
    /// The check comes first, so a forged request cannot spend its victim's budget. A function
    /// of its own so that routes with neither carry none of their state in their frames (a
    /// larger async frame costs every request an allocation).
    private func refuseEarly(_ request: Request, entry: RouteEntry) async -> HTTPResponse? {
        let refusal: HTTPError?
        if entry.checksCrossSiteForgery, let csrf = entry.policy.csrf, let forged = csrf.refusal(for: request) {
            refusal = forged
        } else if let limit = entry.policy.rateLimit {
            refusal = limit.refusal(for: request, now: MonotonicClock.nanoseconds())
        } else {
            refusal = nil
        }
        guard let refusal else { return nil }
        return await finish(await recover(from: refusal, request: request, entry: entry), for: request, entry: entry)
    }
}
