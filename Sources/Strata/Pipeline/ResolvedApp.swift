import StrataHTTP

/// An app after ``App/build()``: every route's policies merged and frozen, ready to answer
/// requests from any transport.
///
/// Each request takes the same steps: match the route → read the body within the route's
/// limit → run the handler → render its value → finalize with the route's resolved policy
/// → after-request hooks → HEAD drops the content → the transport writes → background tasks.
public final class ResolvedApp: HTTPResponder {
    let table: RouteMatcher
    let entries: [RouteEntry]
    /// The app layer's policy, for requests no route takes (404, 405, automatic OPTIONS).
    let fallback: RouteEntry
    let onStartup: [App.LifecycleHook]
    let onShutdown: [App.LifecycleHook]
    let reportError: @Sendable (ErrorReport) -> Void
    /// Every method some route answers, for `OPTIONS *`.
    let serverAllowHeader: String

    init(app: App, table: RouteTable, entries: [RouteEntry], fallback: RouteEntry) {
        self.table = RouteMatcher(table)
        self.entries = entries
        self.fallback = fallback
        self.serverAllowHeader = Self.allowHeader(for: entries.map(\.method))
        self.onStartup = app.onStartup
        self.onShutdown = app.onShutdown
        self.reportError = app.reportError
    }

    /// Every route and method with its resolved policies, in declaration order.
    public var routes: [RouteInfo] {
        entries.map(RouteInfo.init)
    }

    /// Runs the app's startup hooks in order; the first that throws stops the start.
    public func startup() async throws {
        for hook in onStartup {
            try await hook()
        }
    }

    /// Runs the app's shutdown hooks in order; one that throws is reported and the rest still run.
    public func shutdown() async {
        for hook in onShutdown {
            do {
                try await hook()
            } catch {
                reportError(ErrorReport(source: .lifecycleHook, error: error, route: nil))
            }
        }
    }

    public func respond(to http: HTTPRequest) async -> HTTPResponse {
        if http.target == "*" {
            // RFC 9110 §9.3.7: OPTIONS * asks about the server as a whole.
            let request = Request(http, body: [], parameters: .none, route: nil)
            return await finish(Response(status: .noContent, headers: ["Allow": serverAllowHeader]), for: request, entry: fallback, isHead: false)
        }
        let path = http.path
        switch table.match(method: http.method, path: path) {
        case .found(let index, let captures, let decoded):
            let entry = entries[index]
            let parameters = captures.count == 0 ? PathParameters.none
                : PathParameters(names: entry.parameterNames, path: path, captures: captures, decoded: decoded)
            return await serve(http, entry: entry, parameters: parameters)
        case .methodNotAllowed(let allowed):
            let allow = Self.allowHeader(for: allowed)
            let request = Request(http, body: [], parameters: .none, route: nil)
            if http.method == .options {
                return await finish(Response(status: .noContent, headers: ["Allow": allow]), for: request, entry: fallback, isHead: false)
            }
            return await answerWithoutRoute(HTTPError(.methodNotAllowed, headers: ["Allow": allow]), to: request)
        case .notFound:
            return await answerWithoutRoute(HTTPError(.notFound), to: Request(http, body: [], parameters: .none, route: nil))
        case .malformedPath:
            let error = HTTPError(.badRequest, detail: "The request path has a malformed percent-encoding.")
            return await answerWithoutRoute(error, to: Request(http, body: [], parameters: .none, route: nil))
        }
    }

    /// 404, 405 and 400 for requests no route takes, under the app layer's policy.
    private func answerWithoutRoute(_ error: HTTPError, to request: Request) async -> HTTPResponse {
        let response = await recover(from: error, request: request, entry: fallback)
        return await finish(response, for: request, entry: fallback, isHead: request.method == .head)
    }

    private func serve(_ http: HTTPRequest, entry: RouteEntry, parameters: PathParameters) async -> HTTPResponse {
        let isHead = http.method == .head
        let body: [UInt8]
        do {
            body = try await http.body.collect(upTo: entry.policy.requestBodyLimit)
        } catch {
            let request = Request(http, body: [], parameters: parameters, route: entry.template)
            return await finish(await recover(from: error, request: request, entry: entry), for: request, entry: entry, isHead: isHead)
        }
        let request = Request(http, body: body, parameters: parameters, route: entry.template)
        // A layer's fixed ETag is known before the handler runs: a failed precondition must
        // stop an unsafe method from being performed at all (RFC 9110 §13.2.1).
        if let etag = entry.policy.etag, request.hasConditions {
            switch ConditionalRequest.evaluate(method: request.method, headers: request.headers, etag: etag, lastModified: nil, representationExists: true) {
            case .proceed:
                break
            case .notModified:
                return await finish(Response(status: .notModified), for: request, entry: entry, isHead: isHead)
            case .preconditionFailed:
                return await finish(ProblemDetails.response(for: HTTPError(.preconditionFailed)), for: request, entry: entry, isHead: isHead)
            }
        }
        let response: Response
        do {
            response = try await entry.endpoint(request)
        } catch {
            response = await recover(from: error, request: request, entry: entry)
        }
        return await finish(response, for: request, entry: entry, isHead: isHead)
    }

    public func requestBodyLimit(for method: HTTPMethod, target: String) -> Int {
        let path = HTTPRequest.path(of: target)
        if case .found(let index, _, _) = table.match(method: method, path: path) {
            return entries[index].policy.requestBodyLimit
        }
        return fallback.policy.requestBodyLimit
    }

    /// `Allow` for a resource: its methods, HEAD where GET is, and OPTIONS, in one fixed order.
    static func allowHeader(for methods: [HTTPMethod]) -> String {
        var all = Set(methods)
        if all.contains(.get) { all.insert(.head) }
        all.insert(.options)
        return HTTPMethod.canonicallySorted(all).map(\.rawValue).joined(separator: ", ")
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
