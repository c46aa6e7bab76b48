import StrataHTTP

extension ResolvedApp {
    /// Turns a route's response — success or error alike — into what the transport writes,
    /// in the documented order:
    ///
    /// 1. the layers' headers, cookies, cache-control and ETag, never over the response's own;
    /// 2. after-request hooks, innermost layer first, on the response the client would get —
    ///    the first, on a route with sessions, writes a session that changed;
    /// 3. a computed ETag, where the route asks for one;
    /// 4. preconditions against the response's validators: 304 or 412 — with compression,
    ///    the coding chosen first (its ETag and `Vary` are the response's) and the content
    ///    compressed after;
    /// 5. HEAD: the fields of GET without its content;
    /// 6. background work, to run once the response is written;
    /// 7. CORS fields, the request's id echoed and its access line, where the route has them.
    func finish(_ response: Response, for request: Request, entry: RouteEntry) async -> HTTPResponse {
        var response = response
        if response.status.code >= 400 && !response.headers.contains("Cache-Control") {
            // A layer's cache-control describes the route's answers, not its refusals: a
            // shared cache must not keep a 401 or a 429 (RFC 9111 §3), whoever produced it —
            // the handler, a guard, a middleware or a hook.
            response.headers["Cache-Control"] = "no-store"
        }
        // Without after-request hooks nothing here awaits: the async step's frame — large, it
        // holds responses across the hooks — is not allocated for every request.
        var (http, tasks) = entry.policy.afterRequest.isEmpty
            ? (finalize(response, for: request, entry: entry), response.backgroundTasks)
            : await layered(response, for: request, entry: entry)
        validate(&http, for: request, entry: entry)
        if request.method == .head {
            omitContent(of: &http, response: response, entry: entry)
        }
        if entry.acceptsWebSocket {
            attachWebSocket(to: &http, for: request, entry: entry)
        }
        attachBackgroundWork(tasks + entry.policy.backgroundTasks, to: &http, for: request, entry: entry)
        if entry.decorates {
            decorate(&http, for: request, entry: entry)
        }
        return http
    }

    /// Steps 3 and 4, synchronous so that what they hold stays off the request task's async
    /// frames (a larger frame can cost the task an allocation on every request).
    private func validate(_ http: inout HTTPResponse, for request: Request, entry: RouteEntry) {
        addComputedETag(to: &http, for: request, entry: entry)
        guard let compression = entry.policy.compression else {
            applyPreconditions(to: &http, for: request, entry: entry)
            return
        }
        let status = http.status
        let coding = chooseCoding(for: &http, request: request, compression: compression, entry: entry)
        applyPreconditions(to: &http, for: request, entry: entry)
        if let coding, http.status == status {
            compress(&http, in: coding, compression: compression)
        }
    }

    /// Step 7, synchronous for the same reason.
    private func decorate(_ http: inout HTTPResponse, for request: Request, entry: RouteEntry) {
        if let cors = entry.policy.cors, !request.isCORSPreflight {
            addCORSFields(cors, to: &http, for: request)
        }
        addObservation(to: &http, for: request, entry: entry)
    }

    /// Steps 1 and 2: the response under the route's layers, after its after-request hooks,
    /// and the background tasks it carries then (a hook may add some).
    private func layered(_ response: Response, for request: Request, entry: RouteEntry) async -> (HTTPResponse, [BackgroundTask]) {
        // Hooks see the response as the client will: the layered headers and cookies merged in.
        var full = merged(response, for: request, entry: entry)
        var tasks = response.backgroundTasks
        do {
            for hook in entry.policy.afterRequest {
                full = try await hook(request, full)
            }
            tasks = full.backgroundTasks
        } catch {
            // The response's own work still runs: the failure is the hook's, not the handler's.
            reportError(ErrorReport(source: error is SessionNotWritten ? .session : .afterRequestHook, error: error, route: entry.label))
            full = merged(ProblemDetails.response(for: HTTPError(.internalServerError)), for: request, entry: entry)
        }
        return (finalize(full, for: request, entry: entry, addingLayers: false), tasks)
    }

    /// Step 5, RFC 9110 §9.3.2: the fields GET would send, no content. A GET route answering
    /// HEAD announces its content's length; an explicit HEAD handler may announce the length
    /// its GET would have with a `Content-Length` of its own.
    private func omitContent(of http: inout HTTPResponse, response: Response, entry: RouteEntry) {
        switch http.body {
        case .bytes(let bytes) where entry.method != .head:
            http.body = .omitted(.length(bytes.count))
        case .bytes:
            // The handler's own length, unless its answer was replaced (a 412, a 304).
            if http.status == response.status, let announced = response.headers["Content-Length"], let length = Int(announced), length >= 0 {
                http.body = .omitted(.length(length))
            } else {
                http.body = .omitted(.unannounced)
            }
        case .file(let region):
            http.body = .omitted(.length(region.length))
        case .stream:
            // A stream's length is unknown until it ends; it is not started.
            http.body = .omitted(.chunked)
        case .omitted:
            break
        }
    }

    /// Step 6: the response's own background tasks, then the route's, in resolved order.
    /// Then the cleanups of the request's dependencies, last-provided first — also when the
    /// handler threw.
    private func attachBackgroundWork(_ tasks: [BackgroundTask], to http: inout HTTPResponse, for request: Request, entry: RouteEntry) {
        // A WebSocket's handler runs after its 101 is written: its dependencies are cleaned
        // up when it returns, not then.
        let scope = http.webSocket != nil ? nil : request.dependencies.flatMap { $0.closeIfClean() ? $0 : nil }
        guard !tasks.isEmpty || scope != nil else { return }
        let concurrently = entry.policy.runsBackgroundTasksConcurrently
        http.afterSent = { [self, tasks] in
            if !tasks.isEmpty {
                await runBackgroundTasks(tasks, for: request, concurrently: concurrently, route: entry.label)
            }
            await scope?.runCleanups()
        }
        var names = tasks.map(\.name)
        if scope != nil { names.append("dependency cleanups") }
        http.afterSentLabel = "\(entry.label): " + names.joined(separator: ", ")
    }
}
