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
        if entry.observes { observe(&request, entry: entry) }
        if entry.isRateLimited, let refusal = await refuseOverLimit(request, entry: entry) {
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

    /// The 429 of a request over its route's rate limit, or `nil`. A function of its own so
    /// that routes without a limit carry none of its state in their frames.
    private func refuseOverLimit(_ request: Request, entry: RouteEntry) async -> HTTPResponse? {
        guard let limit = entry.policy.rateLimit, let refusal = limit.refusal(for: request, now: MonotonicClock.nanoseconds()) else { return nil }
        return await finish(await recover(from: refusal, request: request, entry: entry), for: request, entry: entry)
    }
}
