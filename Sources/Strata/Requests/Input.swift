import FoundationEssentials
import StrataCodecs
import StrataHTTP

/// What a handler needs from a request, declared in its signature so the compiler knows the
/// types and the build knows the rest: the decoded content, the query, a header, a cookie, a
/// path parameter, a dependency, a value a guard left in the context.
///
/// ```swift partial
/// Post("/books", .body(NewBook.self), .dependency(Store.self)) { request, book, store in
///     try await store.add(book)
/// }
/// Get("/books", .query(Page.self), .header("X-Tenant")) { request, page, tenant in … }
/// ```
///
/// Every input that comes from the request is decoded before the handler runs, and every
/// problem is collected into one ``ValidationError``: 400 when a value does not decode, 422
/// when values decode but break their ``Validatable`` rules. Dependencies are computed after
/// that, only for a request whose inputs are valid.
public struct Input<Value: Sendable>: Sendable {
    let declaration: InputDeclaration
    /// Decodes a value from the request, recording what is wrong; `nil` for inputs that are
    /// resolved afterwards (dependencies, context values). Type-erased, like ``resolve``, so a
    /// request runs no generic code for its inputs: the handler's call casts each value back.
    let decode: (@Sendable (Request, inout InputIssues) throws -> (any Sendable)?)?
    /// Resolves a value that is not decoded.
    let resolve: (@Sendable (Request) async throws -> any Sendable)?
    /// Reads a value that is not decoded and needs no waiting.
    var read: (@Sendable (Request) throws -> any Sendable)?
}

/// A route's inputs, type-erased when the route is built, so a request runs no generic code
/// and as few async calls as possible for them: each value is decoded, taken from the
/// request's dependency scope, or resolved, into one array the handler's call reads — or,
/// when nothing is decoded and nothing waits, read as the call takes it.
struct InputResolution: Sendable {
    enum Source: Sendable {
        case decoded(@Sendable (Request, inout InputIssues) throws -> (any Sendable)?)
        case dependency(slot: Int)
        /// A value read from the request without waiting, e.g. from its context.
        case immediate(@Sendable (Request) throws -> any Sendable)
        case resolved(@Sendable (Request) async throws -> any Sendable)
    }

    let sources: [Source]
    /// Each input's dependency slot, or -1: what most inputs of most routes are, read without
    /// copying the input's source out (an enum that carries closures).
    let dependencySlots: [Int]
    let layerParameters: [LayerParameter]
    /// Whether any value comes from the request, so issues may need collecting.
    let decodes: Bool
    /// Whether every value can be had without waiting: no input resolves asynchronously and
    /// every dependency's provider is synchronous. Then a request makes no async call for its
    /// inputs — each costs the task a frame and a switch back to its executor.
    let isSynchronous: Bool

    /// `inputs` bound to a route's dependency `slots` and erased. `providers` are the route's
    /// bound providers by slot, where known, to tell whether the inputs need to wait.
    init<each Value>(_ inputs: repeat Input<each Value>, slots: [DependencyKey: Int], providers: [DependencyProvider.Bound]? = nil,
                     layerParameters: [LayerParameter]) {
        var sources: [Source] = []
        for input in repeat each inputs {
            if let decode = input.decode {
                sources.append(.decoded(decode))
            } else if let read = input.read {
                sources.append(.immediate(read))
            } else if let key = input.declaration.dependencyKey, let slot = slots[key] {
                sources.append(.dependency(slot: slot))
            } else if let resolve = input.resolve {
                sources.append(.resolved(resolve))
            } else {
                let declaration = input.declaration
                sources.append(.resolved { _ in throw MisuseError("input \(declaration) has no value") })
            }
        }
        self.sources = sources
        dependencySlots = sources.map { if case .dependency(let slot) = $0 { return slot } else { return -1 } }
        self.layerParameters = layerParameters
        decodes = !layerParameters.isEmpty || sources.contains { if case .decoded = $0 { return true } else { return false } }
        isSynchronous = providers.map { providers in
            sources.allSatisfy { source in
                switch source {
                case .decoded, .immediate: return true
                case .resolved: return false
                case .dependency(let slot):
                    if case .sync = providers[slot] { return true } else { return false }
                }
            }
        } ?? false
    }

    /// Every input's value, in order. Everything that comes from the request is decoded first
    /// and every issue collected into one ``ValidationError``, so a provider never sees a
    /// request that will be refused.
    func values(for request: Request) async throws -> [(any Sendable)?] {
        var values = try decodedValues(for: request)
        for (index, source) in sources.enumerated() {
            switch source {
            case .decoded:
                break
            case .dependency(let slot):
                values[index] = try await scope(of: request).value(slot, for: request)
            case .immediate(let read):
                values[index] = try read(request)
            case .resolved(let resolve):
                values[index] = try await resolve(request)
            }
        }
        return values
    }

    /// ``values(for:)`` for inputs that are ``isSynchronous``, without an async call.
    func synchronousValues(for request: Request) throws -> [(any Sendable)?] {
        var values = try decodedValues(for: request)
        for index in sources.indices {
            if case .decoded = sources[index] { continue }
            values[index] = try immediateValue(at: index, for: request)
        }
        return values
    }

    /// The value of the input at `index`, which is not decoded, for inputs that are
    /// ``isSynchronous``: a context value, or a dependency from the request's scope. Inputs
    /// with nothing to decode are read one by one as the handler's call takes them, with no
    /// array in between.
    func immediateValue(at index: Int, for request: Request) throws -> any Sendable {
        let slot = dependencySlots[index]
        if slot >= 0 { return try scope(of: request).synchronousValue(slot, for: request) }
        switch sources[index] {
        case .immediate(let read):
            return try read(request)
        case .decoded, .resolved, .dependency:
            // A dependency was read above, by its slot.
            throw MisuseError("input \(index) is not read without waiting")
        }
    }

    /// The request's dependency scope, which serving makes before the route's inputs are read.
    private func scope(of request: Request) throws -> DependencyScope {
        guard let scope = request.dependencies else { throw MisuseError("a dependency is used outside a route's inputs") }
        return scope
    }

    /// An array for every input's value, with the decoded ones in place — or the one error that
    /// lists every issue.
    private func decodedValues(for request: Request) throws -> [(any Sendable)?] {
        var values = [(any Sendable)?](repeating: nil, count: sources.count)
        guard decodes else { return values }
        var issues = InputIssues()
        for parameter in layerParameters {
            try parameter.check(request, &issues)
        }
        for (index, source) in sources.enumerated() {
            if case .decoded(let decode) = source {
                values[index] = try decode(request, &issues)
            }
        }
        if !issues.isEmpty { throw issues.error }
        return values
    }
}

/// What an input takes from a request, for the build-time checks and the API documentation.
struct InputDeclaration: Sendable, CustomStringConvertible {
    enum Source: Sendable {
        case body(accepted: [MediaType])
        case query
        case header(String)
        case cookie(String)
        case path(String)
        case dependency(DependencyKey)
        case context
    }

    let source: Source
    let valueType: Any.Type
    /// The parameter's name, for a single query parameter.
    var name: String?
    /// Whether a request must have it: a parameter that is not optional and has no default.
    var isRequired = true
    /// The default of a parameter, for the API document.
    var defaultValue: (any Sendable)?

    var description: String {
        switch source {
        case .body: return "body \(valueType)"
        case .query: return "query \(valueType)"
        case .header(let name): return "header \(name)"
        case .cookie(let name): return "cookie \(name)"
        case .path(let name): return "path parameter \(name)"
        case .dependency(let key): return "dependency \(key)"
        case .context: return "context \(valueType)"
        }
    }

    var dependencyKey: DependencyKey? {
        if case .dependency(let key) = source { return key }
        return nil
    }
}

extension Input where Value: Decodable {
    /// The media types a body input accepts unless it names others.
    public static var decodableMediaTypes: [MediaType] { [.json, .formURLEncoded, .messagePack] }

    /// The content, decoded by its `Content-Type` — JSON (and `+json`), form-urlencoded or
    /// MessagePack — when `accepting` lists that type (`application/json` also admits every
    /// `+json` type). Another or a missing `Content-Type` answers 415 naming the accepted
    /// types; a ``Validatable`` value is validated.
    public static func body(_ type: Value.Type = Value.self, accepting: [MediaType] = decodableMediaTypes) -> Input {
        let accepted = accepting
        let names = accepted.map(\.essence).joined(separator: ", ")
        return Input(declaration: InputDeclaration(source: .body(accepted: accepted), valueType: Value.self), decode: { request, issues in
            guard let contentType = request.contentType else {
                throw HTTPError(.unsupportedMediaType, detail: "The request has no Content-Type; send one of: \(names).")
            }
            // Accepted when the list names its type, or names application/json and the type is
            // a `+json` one (RFC 6839); then decoded by what the type is.
            let accepts = accepted.contains { $0.essence == contentType.essence }
                || (contentType.isJSON && accepted.contains { $0.essence == MediaType.json.essence })
            guard accepts else {
                throw HTTPError(.unsupportedMediaType, detail: "Content-Type \(contentType.essence) is not accepted here; send one of: \(names).")
            }
            let bytes = request.body
            let value: Value?
            if contentType.isJSON {
                value = decodeCollecting(location: .body, into: &issues) { type in try StrataJSON.makeDecoder().decode(type, from: Data(bytes)) }
            } else if contentType.isMessagePack {
                value = decodeCollecting(location: .body, into: &issues) { type in try MessagePackDecoder().decode(type, from: bytes) }
            } else if contentType.essence == MediaType.formURLEncoded.essence {
                let form = request.form()
                value = decodeCollecting(location: .body, into: &issues) { type in try URLEncodedFormDecoder().decode(type, from: form) }
            } else {
                throw HTTPError(.unsupportedMediaType, detail: "Content-Type \(contentType.essence) cannot be decoded; send one of: \(names).")
            }
            return value.map { validated($0, location: .body, into: &issues) }
        }, resolve: nil)
    }

    /// The query parameters decoded into `type` (see ``URLEncodedFormDecoder``); a
    /// ``Validatable`` value is validated.
    public static func query(_ type: Value.Type = Value.self) -> Input {
        Input(declaration: InputDeclaration(source: .query, valueType: Value.self), decode: { request, issues in
            let query = request.query
            let value: Value? = decodeCollecting(location: .query, into: &issues) { type in try URLEncodedFormDecoder().decode(type, from: query) }
            return value.map { validated($0, location: .query, into: &issues) }
        }, resolve: nil)
    }

    /// Decodes with `decode`; when it fails, decodes again to collect every issue.
    private static func decodeCollecting(location: FieldIssue.Location, into issues: inout InputIssues,
                                         _ decode: (any Decodable.Type) throws -> any Decodable) -> Value? {
        do {
            return try decode(Value.self) as? Value
        } catch {
            let found = IssueCollector.issues(decoding: Value.self, location: location, firstError: error) { type in
                guard let collected = try decode(type) as? Collecting<Value> else { throw error }
                return collected
            }
            issues.append(contentsOf: found)
            return nil
        }
    }
}

extension Input {
    /// `value` after its ``Validatable`` rules, each broken one recorded.
    static func validated(_ value: Value, location: FieldIssue.Location, into issues: inout InputIssues) -> Value {
        if let validatable = value as? any Validatable {
            var validator = Validator()
            validatable.validate(&validator)
            for failure in validator.failures {
                issues.add(FieldIssue(location, field: failure.field, message: failure.message), decoding: false)
            }
        }
        return value
    }
}

extension Input where Value: ParameterValue {
    /// The first `name` header field, converted to `type`; required unless `type` is optional
    /// or a `default` is given.
    public static func header(_ name: String, as type: Value.Type = Value.self, default defaultValue: Value? = nil) -> Input {
        parameter(.header(name), .header, name: name, defaultValue: defaultValue) { $0.headers[name] }
    }

    /// The cookie `name`, converted to `type`; required unless `type` is optional or a
    /// `default` is given.
    public static func cookie(_ name: String, as type: Value.Type = Value.self, default defaultValue: Value? = nil) -> Input {
        parameter(.cookie(name), .cookie, name: name, defaultValue: defaultValue) { $0.cookies[name] }
    }

    /// The query parameter `name` (its last value), converted to `type`.
    public static func query(_ name: String, as type: Value.Type = Value.self, default defaultValue: Value? = nil) -> Input {
        parameter(.query, .query, name: name, defaultValue: defaultValue, declaredName: name) { $0.query.all(name).last }
    }

    /// The path parameter `name` of the route's template, converted to `type`; the build
    /// checks that the template has it.
    public static func path(_ name: String, as type: Value.Type = Value.self) -> Input {
        parameter(.path(name), .path, name: name, defaultValue: nil) { $0.parameters[name] }
    }

    private static func parameter(_ source: InputDeclaration.Source, _ location: FieldIssue.Location, name: String, defaultValue: Value?,
                                  declaredName: String? = nil, read: @escaping @Sendable (Request) -> String?) -> Input {
        var declaration = InputDeclaration(source: source, valueType: Value.self, name: declaredName)
        declaration.isRequired = defaultValue == nil && Value.valueWhenAbsent == nil
        declaration.defaultValue = defaultValue
        return Input(declaration: declaration, decode: { request, issues in
            guard let text = read(request) else {
                if let absent = defaultValue ?? Value.valueWhenAbsent { return absent }
                issues.add(FieldIssue(location, field: name, message: "is required"), decoding: true)
                return nil
            }
            guard let value = Value(parameterValue: text) else {
                issues.add(FieldIssue(location, field: name, message: "must be \(Value.parameterDescription)"), decoding: true)
                return nil
            }
            return value
        }, resolve: nil)
    }
}

extension Input where Value == String {
    /// The first `name` header field as text; required unless a `default` is given.
    public static func header(_ name: String, default defaultValue: String? = nil) -> Input {
        header(name, as: String.self, default: defaultValue)
    }

    /// The cookie `name` as text; required unless a `default` is given.
    public static func cookie(_ name: String, default defaultValue: String? = nil) -> Input {
        cookie(name, as: String.self, default: defaultValue)
    }

    /// The query parameter `name` (its last value) as text; required unless a `default` is given.
    public static func query(_ name: String, default defaultValue: String? = nil) -> Input {
        query(name, as: String.self, default: defaultValue)
    }
}

extension Input {
    /// The dependency of type `type` (and `name`, where a route has two of one type) that the
    /// innermost enclosing layer provides; the build fails naming the route if none does.
    public static func dependency(_ type: Value.Type = Value.self, name: String? = nil) -> Input {
        let key = DependencyKey(type, name: name)
        return Input(declaration: InputDeclaration(source: .dependency(key), valueType: Value.self), decode: nil, resolve: { _ in
            // Replaced by `bound(to:)` when the route is built; only an input used where no
            // route binds it gets here.
            throw MisuseError("the dependency \(key) is used outside a route's inputs")
        })
    }

    /// The value a guard, hook or middleware stored under `key` in the ``RequestContext``.
    /// Its absence is a programming error, answered with 500 and reported; read
    /// `request.context[key]` for a value that may be absent.
    public static func context<Key: ContextKey>(_ key: Key.Type) -> Input where Key.Value == Value {
        Input(declaration: InputDeclaration(source: .context, valueType: Value.self), decode: nil, resolve: nil, read: { request in
            guard let value = request.context[key] else {
                throw MisuseError("nothing stored \(Key.self) in the request context before the handler ran")
            }
            return value as any Sendable
        })
    }
}
