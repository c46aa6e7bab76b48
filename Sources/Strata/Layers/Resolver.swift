import StrataHTTP

/// Walks the declared tree once, merges each route's layers and freezes the result into the
/// route table; every misconfiguration becomes a problem naming its route or layer.
struct Resolver {
    private struct Frame {
        let label: String
        let path: String
        let policy: LayerPolicy
        /// Whether the layer's own policies are valid; routes under an invalid one are
        /// reported through the layer and not resolved.
        let isValid: Bool
    }

    private(set) var problems: [AppBuildError.Problem] = []
    /// The app's template engine, handed to every route's rendering.
    let templateEngine: (any TemplateEngine)?

    init(templateEngine: (any TemplateEngine)?) {
        self.templateEngine = templateEngine
    }
    private(set) var entries: [RouteEntry] = []
    /// Each entry with what its handler declared, for the API document.
    private(set) var descriptions: [RouteDescription] = []
    /// Whether the app has an API document, which needs ``descriptions``.
    private var collectsDescriptions = false
    /// The app's API document, when it has one.
    private(set) var openAPIDocument: OpenAPIDocument?
    /// Named routes' templates, and the route that took each name.
    private(set) var namedTemplates: [String: PathTemplate] = [:]
    private var nameOwners: [String: String] = [:]
    private(set) var table = RouteTable()
    /// The parts of the tree that follow the server's state.
    private(set) var stateObservers: [any ServerStateObserving] = []
    /// Every route visited, resolved or not, for naming what a layer's problem affects.
    private var routeLabels: [String] = []
    /// Routes that have a problem, by negative index in the table (`-1 - index`): they take
    /// part in the duplicate and conflict checks, and the app is not built.
    private var unresolvedLabels: [String] = []

    /// Resolves `app`: the route table and one entry per route and method. Returns the entry
    /// that answers requests no route takes, with the app layer's policy; `nil` when that
    /// policy is invalid (and reported).
    mutating func resolve(_ app: App) -> RouteEntry? {
        let appProblems = Self.problems(in: app.policy)
        let appFrame = Frame(label: "app", path: "", policy: app.policy, isValid: appProblems.isEmpty)
        collectsDescriptions = app.openAPI != nil
        walk(app.routes, frames: [appFrame])
        if let openAPI = app.openAPI, problems.isEmpty, appProblems.isEmpty {
            // Written from the app's own routes, then served beside them.
            var builder = OpenAPIDocumentBuilder(configuration: openAPI)
            let document = builder.document(routes: descriptions)
            do {
                let json = try document.jsonBytes()
                openAPIDocument = OpenAPIDocument(json: document, warnings: builder.warnings + builder.schemas.warnings)
                walk([openAPI.router(serving: document, json: json)], frames: [appFrame])
            } catch {
                // Only a schema of one's own can hold what JSON cannot write (an infinity).
                problems.append(.init(location: "openAPI", message: "the document cannot be written as JSON: \(error)"))
            }
        }
        descriptions = []
        report(appProblems, layer: "app", affecting: routeLabels)
        guard appProblems.isEmpty else { return nil }
        return try? RouteEntry(
            label: "(no route)", template: "", method: .get, parameterNames: [], policy: ResolvedPolicy(merging: [app.policy]),
            endpoint: { _ in throw HTTPError(.notFound) }, status: .ok, mediaType: nil)
    }

    private mutating func walk(_ components: [any RouteComponent], frames: [Frame]) {
        for component in components {
            switch component.routeNode.kind {
            case .group(let group):
                if let observer = group.stateObserver { stateObservers.append(observer) }
                let layerProblems = Self.problems(in: group.policy)
                let frame = Frame(label: group.label, path: group.path, policy: group.policy, isValid: layerProblems.isEmpty)
                let first = routeLabels.count
                walk(group.routes, frames: frames + [frame])
                report(layerProblems, layer: group.label, affecting: Array(routeLabels[first...]))
            case .handler(let handler):
                resolve(handler, frames: frames)
            }
        }
    }

    private mutating func resolve(_ handler: Handler, frames: [Frame]) {
        let path = PathTemplate.join(frames.map(\.path) + [handler.path])
        let methodList = handler.methods.map(\.rawValue).joined(separator: ",")
        let label = "\(methodList.isEmpty ? "(no method)" : methodList) \(path)"
        routeLabels.append(label)
        let handlerProblems = Self.problems(in: handler.policy)
        for message in handlerProblems {
            problems.append(.init(location: label, message: message))
        }
        guard !handler.methods.isEmpty else {
            problems.append(.init(location: label, message: "the handler answers no method"))
            return
        }
        if Set(handler.methods).count != handler.methods.count {
            problems.append(.init(location: label, message: "the handler lists a method twice"))
            return
        }
        let template: PathTemplate
        do {
            template = try PathTemplate(parsing: path)
        } catch {
            problems.append(.init(location: label, message: "malformed path template: \(error)"))
            return
        }
        if let name = handler.name {
            if let owner = nameOwners[name] {
                problems.append(.init(location: label, message: "the route name \"\(name)\" is already used by \(owner)"))
            } else {
                nameOwners[name] = label
                namedTemplates[name] = template
            }
        }
        let layers = [handler.policy] + frames.reversed().map(\.policy)
        let parameterNames = template.segments.compactMap { segment -> String? in
            if case .parameter(let name, _) = segment { return name }
            return nil
        }
        // A route with a problem still takes its place in the table, so that a duplicate or a
        // conflicting parameter type is reported with the rest, not after they are fixed.
        let resolvable = handlerProblems.isEmpty && frames.allSatisfy(\.isValid)
        var routed: [(method: HTTPMethod, route: Int)] = []
        for method in handler.methods {
            let routeLabel = "\(method) \(template)"
            let policy = ResolvedPolicy(merging: layers, method: method)
            // An invalid layer's problem is already reported by the layer.
            if resolvable, let entry = makeEntry(handler, method: method, label: routeLabel, template: template, policy: policy, parameterNames: parameterNames) {
                routed.append((method, entries.count))
                entries.append(entry)
                // OpenAPI 3.1 has no way to describe a WebSocket: its routes stay out of the document.
                if collectsDescriptions && !handler.acceptsWebSocket { descriptions.append(RouteDescription(entry: entry, template: template, handler: handler)) }
            } else {
                routed.append((method, -1 - unresolvedLabels.count))
                unresolvedLabels.append(routeLabel)
            }
        }
        do {
            let known = entries, unresolved = unresolvedLabels
            try table.insert(template, entries: routed, label: label) { $0 >= 0 ? known[$0].label : unresolved[-1 - $0] }
        } catch {
            problems.append(.init(location: label, message: error.description))
        }
    }

    private mutating func makeEntry(_ handler: Handler, method: HTTPMethod, label: String, template: PathTemplate, policy: ResolvedPolicy, parameterNames: [String]) -> RouteEntry? {
        let status = handler.status ?? Handler.defaultStatus(for: method)
        let shape = handler.shape
        var problem: String?
        if let declared = handler.status, !(200...599).contains(declared.code) {
            problem = "status \(declared.code) cannot be a final response; use 200–599"
        } else if handler.outputType == Template.self && templateEngine == nil {
            problem = "returns Template, but the app has no template engine; pass templates: to App"
        } else if let declared = handler.status, let checking = handler.outputType as? any DeclaredStatusChecking.Type,
                  let message = checking.problem(withDeclaredStatus: declared) {
            problem = message
        } else if shape.hasContent && !status.allowsContent && (handler.status != nil || !handler.returnsStatus) {
            problem = "returns \(handler.outputTypeName), but status \(status) cannot carry content (RFC 9110 §6.4.1); return Void or declare another status"
        }
        var mediaType: MediaType?
        if policy.responseClass != nil {
            // A response class gets the route's media type as a hint.
            mediaType = handler.mediaType ?? policy.defaultMediaType ?? shape.naturalMediaType
        } else if shape == .convertible {
            // Self-describing values (files, templates, streams) know their own type; only one
            // the handler declares itself overrides it — not a layer's default for JSON routes.
            mediaType = handler.mediaType
        } else if shape == .opaque {
            problem = "returns \(handler.outputTypeName), which is not Encodable, String, bytes or ResponseConvertible; make it Encodable or set a responseClass on a layer"
        } else if let declared = handler.mediaType, shape.hasContent, !shape.canRender(as: declared) {
            problem = "returns \(handler.outputTypeName) (Encodable), which cannot be written as \(declared.essence); use a JSON, +json or MessagePack media type, or set a responseClass"
        } else if shape.hasContent {
            let fallback = policy.defaultMediaType.flatMap { shape.canRender(as: $0) ? $0 : nil }
            mediaType = (handler.mediaType ?? fallback ?? shape.naturalMediaType)?.withDefaultCharset()
        }
        if let problem {
            problems.append(.init(location: label, message: problem))
            return nil
        }
        if handler.streamsRequestBody, let body = handler.inputs.first(where: { if case .body = $0.source { return true } else { return false } }) {
            problems.append(.init(location: label, message: "streams its request body but also declares \(body); read request.bodyStream, or drop .streamingRequestBody()"))
            return nil
        }
        let inputProblems = Self.inputProblems(handler.inputs + policy.parameters.map(\.declaration), parameterNames: parameterNames, providers: policy.dependencies)
        if !inputProblems.isEmpty {
            for message in inputProblems { problems.append(.init(location: label, message: message)) }
            return nil
        }

        var configuration = RenderConfiguration(status: status, declaredStatus: handler.status, mediaType: mediaType, responseClass: policy.responseClass,
                                                typeEncoders: policy.typeEncoders, nilEncoding: policy.nilEncoding, templateEngine: templateEngine)
        configuration.layerParameters = policy.parameters
        let usedDependencies = handler.inputs.compactMap(\.dependencyKey)
        let plan = usedDependencies.isEmpty ? nil : DependencyPlan(using: usedDependencies, available: policy.dependencies)
        configuration.dependencySlots = plan?.slots ?? [:]
        configuration.dependencyProviders = plan?.providers ?? []
        do {
            var handlerEndpoint = handler.makeEndpoint(configuration)
            if handler.inputs.isEmpty && !policy.parameters.isEmpty {
                // A handler with typed inputs checks the layers' parameters with its own.
                handlerEndpoint = Self.checking(policy.parameters, before: handlerEndpoint)
            }
            var endpoint = handlerEndpoint
            var middleware = Self.compose(policy.middleware, around: handlerEndpoint)
            if let executor = policy.handlerExecutor.taskExecutor {
                // Middleware runs on the executor too: the whole chain is the endpoint moved.
                if let first = middleware { endpoint = { request in try await first(request) } }
                endpoint = Self.running(endpoint, on: executor)
                middleware = nil
            }
            return try RouteEntry(label: label, template: template.description, method: method, parameterNames: parameterNames, policy: policy,
                                  endpoint: endpoint, middleware: middleware, status: status, mediaType: mediaType, dependencyPlan: plan,
                                  streamsBody: handler.streamsRequestBody, acceptsWebSocket: handler.acceptsWebSocket)
        } catch {
            problems.append(.init(location: label, message: "media type \(mediaType?.description ?? "") cannot be sent as a header: \(error)"))
            return nil
        }
    }

    /// `endpoint` on `executor`; the task comes back to the connection's loop afterwards.
    /// Wrapped here, once, so a route on the event loop pays nothing for the choice.
    ///
    /// A child task that prefers `executor` runs the endpoint: it starts there. (A
    /// `withTaskExecutorPreference` around the call would not move it: a preference takes
    /// effect where a task hops to the generic executor, and this module's async code, which
    /// runs on its caller's executor, does not hop.) Cancellation reaches the child.
    static func running(_ endpoint: @escaping Endpoint, on executor: any TaskExecutor) -> Endpoint {
        { request in
            try await withThrowingTaskGroup(of: Response.self) { group in
                group.addTask(executorPreference: executor) { try await endpoint(request) }
                return try await group.next()!
            }
        }
    }

    /// The route's middleware, outermost first, around the handler's endpoint, as the call of
    /// the outermost; `nil` for a route without middleware, which calls its endpoint directly.
    /// Composed once here.
    static func compose(_ middleware: [any Middleware], around endpoint: @escaping Endpoint) -> MiddlewareNext? {
        guard !middleware.isEmpty else { return nil }
        var steps: [MiddlewareChain.Step] = []
        var transforms: [@Sendable (Request, inout Response) throws -> Void] = []
        // Consecutive response-only middleware become one step, their transforms innermost first.
        func fuse() {
            guard !transforms.isEmpty else { return }
            let fused = Array(transforms.reversed())
            steps.append(MiddlewareChain.Step { request, next in
                var response = try await next(request)
                for transform in fused { try transform(request, &response) }
                return response
            })
            transforms = []
        }
        for layer in middleware {
            if let responseOnly = layer as? ResponseMiddleware {
                transforms.append(responseOnly.transform)
                continue
            }
            fuse()
            if let closure = layer as? ClosureMiddleware {
                // The closure is the step: one call fewer per request for the common form.
                steps.append(MiddlewareChain.Step(closure.body))
            } else {
                steps.append(MiddlewareChain.Step { request, next in try await layer.respond(to: request, next: next) })
            }
        }
        fuse()
        return MiddlewareNext(chain: MiddlewareChain(steps: steps, endpoint: endpoint), position: 0)
    }

    /// `endpoint` after the layers' required parameters, every issue in one problem.
    static func checking(_ parameters: [LayerParameter], before endpoint: @escaping Endpoint) -> Endpoint {
        { request in
            var issues = InputIssues()
            for parameter in parameters {
                try parameter.check(request, &issues)
            }
            if !issues.isEmpty { throw issues.error }
            return try await endpoint(request)
        }
    }

    /// What is wrong with a handler's inputs: a path parameter the template lacks, a
    /// dependency no enclosing layer provides, a cycle among the providers.
    static func inputProblems(_ inputs: [InputDeclaration], parameterNames: [String], providers: [DependencyKey: DependencyProvider]) -> [String] {
        var problems: [String] = []
        var bodies = 0
        for input in inputs {
            switch input.source {
            case .path(let name) where !parameterNames.contains(name):
                problems.append("takes the path parameter \"\(name)\", which the path template does not declare")
            case .body:
                bodies += 1
            default:
                break
            }
        }
        if bodies > 1 {
            problems.append("takes the request content twice; declare one .body input")
        }
        var checked = Set<DependencyKey>()
        var reported = Set<String>()
        func visit(_ key: DependencyKey, path: [DependencyKey]) {
            if let start = path.firstIndex(of: key) {
                let cycle = (path[start...] + [key]).map(\.description).joined(separator: " → ")
                if reported.insert(cycle).inserted { problems.append("has a dependency cycle: \(cycle)") }
                return
            }
            guard checked.insert(key).inserted else { return }
            guard let provider = providers[key] else {
                let message = path.last.map { "needs the dependency \(key) (for \($0)), which no enclosing layer provides" }
                    ?? "needs the dependency \(key), which no enclosing layer provides"
                if reported.insert(message).inserted { problems.append(message) }
                return
            }
            for required in provider.requires {
                if let next = required.dependencyKey {
                    visit(next, path: path + [key])
                } else if case .path(let name) = required.source, !parameterNames.contains(name) {
                    problems.append("the provider of \(key) takes the path parameter \"\(name)\", which the path template does not declare")
                }
            }
        }
        for input in inputs {
            if let key = input.dependencyKey { visit(key, path: []) }
        }
        return problems
    }

    private mutating func report(_ messages: [String], layer: String, affecting routes: [String]) {
        guard !messages.isEmpty else { return }
        var location = layer
        if !routes.isEmpty {
            let shown = routes.prefix(3).joined(separator: ", ")
            location += " (affects \(shown)\(routes.count > 3 ? " and \(routes.count - 3) more" : ""))"
        }
        for message in messages {
            problems.append(.init(location: location, message: message))
        }
    }
}
