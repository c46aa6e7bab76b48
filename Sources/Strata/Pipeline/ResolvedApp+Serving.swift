import StrataHTTP

extension ResolvedApp {
    /// Serves a request its route takes: preconditions the route can decide before running
    /// its handler, then the content, the handler and its rendering, then ``finish(_:for:entry:)``.
    func serve(_ http: HTTPRequest, entry: RouteEntry, parameters: PathParameters) async -> HTTPResponse {
        // A layer's fixed ETag is known before the handler runs: a failed precondition must
        // stop an unsafe method from being performed at all (RFC 9110 §13.2.1) — and its
        // content need not be read.
        if let etag = entry.policy.resourceETag, Request.hasConditions(http.headers) {
            let request = Request(http, body: [], parameters: parameters, route: entry.template)
            if let refusal = preconditionRefusal(request, etag: etag, lastModified: nil, status: nil) {
                return await finish(refusal, for: request, entry: entry)
            }
        }
        let body: [UInt8]
        do {
            body = try await http.body.collect(upTo: entry.policy.requestBodyLimit)
        } catch is HTTPRequestBodyUnavailable {
            // The client went away or sent the content wrongly, and the server has answered
            // (or closed) itself: the route never ran, so neither do its hooks, error handlers
            // or background tasks, and there is nothing to report. The transport drops this.
            return HTTPResponse(status: .badRequest)
        } catch {
            let request = Request(http, body: [], parameters: parameters, route: entry.template)
            return await finish(await recover(from: error, request: request, entry: entry), for: request, entry: entry)
        }
        let request = Request(http, body: body, parameters: parameters, route: entry.template)
        let response: Response
        do {
            response = try await entry.endpoint(request)
        } catch {
            response = await recover(from: error, request: request, entry: entry)
        }
        return await finish(response, for: request, entry: entry)
    }
}
