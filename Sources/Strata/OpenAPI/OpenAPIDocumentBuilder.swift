import FoundationEssentials
import StrataCodecs
import StrataHTTP

/// Writes the OpenAPI 3.1 document of an app's resolved routes, once, when the app is built.
///
/// Everything in it comes from what the build already knows: the path templates and their
/// parameter types, the typed inputs, the return types, the statuses, the merged layer
/// policies — headers, cookies, guards, documentation. Objects are written with their keys
/// sorted, so the same app gives the same bytes every time.
struct OpenAPIDocumentBuilder {
    let configuration: OpenAPI
    let schemas = OpenAPISchemas()
    private var securitySchemes: [String: JSONValue] = [:]
    private var tags: [String] = []
    private var operationIDs = Set<String>()
    private var problems: [String: JSONValue] = [:]
    private var schemeNames: [SecurityScheme: String] = [:]
    /// Whether a type is `Validatable`, by type: a cast per route adds up in a large app.
    private var validatable: [ObjectIdentifier: Bool] = [:]

    private mutating func isValidatable(_ type: Any.Type) -> Bool {
        if let known = validatable[ObjectIdentifier(type)] { return known }
        let answer = type is any Validatable.Type
        validatable[ObjectIdentifier(type)] = answer
        return answer
    }

    init(configuration: OpenAPI) {
        self.configuration = configuration
    }

    /// What could not be written as the routes are: methods OpenAPI has no field for.
    private(set) var warnings: [String] = []

    /// The methods a Path Item Object has fields for.
    static let documentedMethods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// The document of `routes`.
    mutating func document(routes: [RouteDescription]) -> JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        // OpenAPI forbids two templated paths that differ only in their parameters' names
        // (`/books/{id}` beside `/books/{bookID}`), which the router allows when their types
        // match: each position takes the name the first such route gave it.
        var namesByShape: [String: [String]] = [:]
        for route in routes where route.entry.policy.documentation.isExcluded != true {
            let method = route.entry.method.rawValue.lowercased()
            guard Self.documentedMethods.contains(method) else {
                warnings.append("\(route.entry.label) is left out: OpenAPI 3.1 has no field for the method \(route.entry.method.rawValue)")
                continue
            }
            let names = route.template.segments.compactMap { segment -> String? in
                if case .parameter(let name, _) = segment { return name }
                return nil
            }
            let shape = Self.openAPIPath(route.template, names: names.map { _ in "" })
            let canonical = namesByShape[shape] ?? names
            namesByShape[shape] = canonical
            let renames = Dictionary(zip(names, canonical), uniquingKeysWith: { first, _ in first })
            let path = Self.openAPIPath(route.template, names: canonical)
            paths[path, default: [:]][method] = operation(route, renames: renames)
        }
        var components: [String: JSONValue] = [:]
        let schemaComponents = schemas.componentsJSON
        if !schemaComponents.isEmpty { components["schemas"] = .object(schemaComponents) }
        if !securitySchemes.isEmpty { components["securitySchemes"] = .object(securitySchemes) }

        var info: [String: JSONValue] = ["title": .string(configuration.title), "version": .string(configuration.version)]
        info["summary"] = configuration.summary.map(JSONValue.string)
        info["description"] = configuration.description.map(JSONValue.string)
        var document: [String: JSONValue] = [
            "openapi": "3.1.0",
            "info": .object(info),
            "paths": .object(paths.mapValues(JSONValue.object)),
        ]
        if !components.isEmpty { document["components"] = .object(components) }
        if !configuration.servers.isEmpty {
            document["servers"] = .array(configuration.servers.map { .object(["url": .string($0)]) })
        }
        if !tags.isEmpty {
            document["tags"] = .array(tags.sorted().map { .object(["name": .string($0)]) })
        }
        return .object(document)
    }

    /// `/books/{id:int}` → `/books/{id}`, the parameters named `names` in order.
    static func openAPIPath(_ template: PathTemplate, names: [String]) -> String {
        if template.segments.isEmpty { return "/" }
        var index = 0
        return template.segments.map { segment in
            switch segment {
            case .literal(let text): return "/" + PercentEncoding.encode(text, allowing: .pathSegment)
            case .parameter:
                defer { index += 1 }
                return "/{\(names[index])}"
            }
        }.joined()
    }

    // MARK: Operations

    private mutating func operation(_ route: RouteDescription, renames: [String: String]) -> JSONValue {
        let entry = route.entry
        let documentation = entry.policy.documentation
        var operation: [String: JSONValue] = ["operationId": .string(operationID(route))]
        if !documentation.tags.isEmpty {
            operation["tags"] = .array(documentation.tags.map(JSONValue.string))
            for tag in documentation.tags where !tags.contains(tag) { tags.append(tag) }
        }
        operation["summary"] = documentation.summary.map(JSONValue.string)
        operation["description"] = documentation.description.map(JSONValue.string)
        if documentation.isDeprecated == true { operation["deprecated"] = true }

        let inputs = route.requestInputs
        let parameters = self.parameters(route, inputs: inputs, renames: renames)
        if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
        if let body = inputs.first(where: { if case .body = $0.source { return true } else { return false } }),
           case .body(let accepted) = body.source {
            let schema = schemas.schema(for: body.valueType).json
            var content: [String: JSONValue] = [:]
            for mediaType in accepted { content[mediaType.essence] = .object(["schema": schema]) }
            operation["requestBody"] = .object(["required": true, "content": .object(content)])
        }
        operation["responses"] = .object(responses(route, inputs: inputs))
        if let security = documentation.security {
            operation["security"] = .array(security.map { .object([schemeName($0): .array([])]) })
        }
        return .object(operation)
    }

    /// The key of `scheme` in `components/securitySchemes`: its name, with a suffix when
    /// another scheme took that name (two `apiKey`s in different places).
    private mutating func schemeName(_ scheme: SecurityScheme) -> String {
        if let known = schemeNames[scheme] { return known }
        var name = scheme.name
        var suffix = 2
        while securitySchemes[name] != nil {
            name = "\(scheme.name)_\(suffix)"
            suffix += 1
        }
        securitySchemes[name] = scheme.json
        schemeNames[scheme] = name
        return name
    }

    /// The route's own name, the documentation's, or one made of the method and path; unique.
    private mutating func operationID(_ route: RouteDescription) -> String {
        var base = route.entry.policy.documentation.operationID ?? route.handler.name ?? {
            var words = [route.entry.method.rawValue.lowercased()]
            for segment in route.template.segments {
                switch segment {
                case .literal(let text): words.append(OpenAPISchemas.sanitized(text))
                case .parameter(let name, _): words.append("by_" + OpenAPISchemas.sanitized(name))
                }
            }
            return words.joined(separator: "_")
        }()
        if base.isEmpty { base = "operation" }
        var id = base
        var suffix = 2
        while operationIDs.contains(id) {
            id = "\(base)_\(suffix)"
            suffix += 1
        }
        operationIDs.insert(id)
        return id
    }

    // MARK: Parameters

    private func parameters(_ route: RouteDescription, inputs: [InputDeclaration], renames: [String: String]) -> [JSONValue] {
        var parameters: [JSONValue] = []
        var seen = Set<String>()
        func add(_ name: String, in place: String, required: Bool, schema: JSONSchema, defaultValue: JSONValue? = nil, deepObject: Bool = false) {
            // Header names are case-insensitive; OpenAPI ignores these three as parameters.
            let key = place == "header" ? "header:" + name.lowercased() : place + ":" + name
            if place == "header", ["accept", "content-type", "authorization"].contains(name.lowercased()) { return }
            guard seen.insert(key).inserted else { return }
            var schema = Self.removingNull(schema.json)
            if let defaultValue, case .object(var members) = schema {
                members["default"] = defaultValue
                schema = .object(members)
            }
            var parameter: [String: JSONValue] = ["name": .string(name), "in": .string(place), "schema": schema]
            if required { parameter["required"] = true }
            if deepObject {
                parameter["style"] = "deepObject"
                parameter["explode"] = true
            }
            parameters.append(.object(parameter))
        }
        let typedPath = Dictionary(inputs.compactMap { input -> (String, Any.Type)? in
            if case .path(let name) = input.source { return (name, input.valueType) }
            return nil
        }, uniquingKeysWith: { first, _ in first })
        for segment in route.template.segments {
            guard case .parameter(let name, let type) = segment else { continue }
            let schema: JSONSchema
            switch type {
            case .int: schema = .integer(format: "int64")
            case .float: schema = .number(format: "double")
            case .uuid: schema = .string(format: "uuid")
            case .path: schema = .string()
            case .str: schema = typedPath[name].map { schemas.schema(for: $0) } ?? .string(minLength: 1)
            }
            add(renames[name] ?? name, in: "path", required: true, schema: schema)
        }
        for input in inputs {
            switch input.source {
            case .header(let name):
                add(name, in: "header", required: input.isRequired, schema: schemas.schema(for: input.valueType), defaultValue: Self.json(input.defaultValue))
            case .cookie(let name):
                add(name, in: "cookie", required: input.isRequired, schema: schemas.schema(for: input.valueType), defaultValue: Self.json(input.defaultValue))
            case .query:
                if let name = input.name {
                    add(name, in: "query", required: input.isRequired, schema: schemas.schema(for: input.valueType), defaultValue: Self.json(input.defaultValue))
                } else {
                    // A query type: each of its properties is a parameter. The form decoder
                    // reads an absent list or dictionary as empty, and a nested value from
                    // `name[key]=…` fields (`deepObject`).
                    let (properties, required) = objectMembers(of: input.valueType)
                    for (name, schema) in properties.sorted(by: { $0.key < $1.key }) {
                        let kind = Self.type(of: schema, in: schemas)
                        add(name, in: "query", required: required.contains(name) && kind != "array" && kind != "object",
                            schema: JSONSchema(schema), deepObject: kind == "object")
                    }
                }
            case .body, .path, .dependency, .context:
                break
            }
        }
        return parameters
    }

    /// The properties and required names of `type`'s object schema.
    private func objectMembers(of type: Any.Type) -> (properties: [String: JSONValue], required: [String]) {
        var schema = schemas.schema(for: type).json
        if let component = schemas.componentSchema(of: type) {
            schema = component.json
        }
        guard case .object(let members) = schema, case .object(let properties)? = members["properties"] else { return ([:], []) }
        var required: [String] = []
        if case .array(let names)? = members["required"] {
            required = names.compactMap { if case .string(let name) = $0 { return name } else { return nil } }
        }
        return (properties, required)
    }

    /// The JSON type `schema` describes (`array`, `object`, …), following a `$ref` and
    /// ignoring `null`; `nil` when it does not say.
    static func type(of schema: JSONValue, in schemas: OpenAPISchemas) -> String? {
        guard case .object(let members) = schema else { return nil }
        if case .string(let reference)? = members["$ref"] {
            let name = String(reference.dropFirst("#/components/schemas/".count))
            return schemas.components[name].flatMap { type(of: $0.json, in: schemas) }
        }
        if case .array(let options)? = members["anyOf"] {
            return options.lazy.compactMap { type(of: $0, in: schemas) }.first { $0 != "null" }
        }
        switch members["type"] {
        case .string(let type)?: return type
        case .array(let types)?:
            return types.lazy.compactMap { if case .string(let type) = $0, type != "null" { return type } else { return nil } }.first
        default: return nil
        }
    }

    /// A parameter's value is never `null`: an absent one is left out.
    private static func removingNull(_ schema: JSONValue) -> JSONValue {
        guard case .object(var members) = schema else { return schema }
        if case .array(let types)? = members["type"] {
            let kept = types.filter { $0 != "null" }
            members["type"] = kept.count == 1 ? kept[0] : .array(kept)
            if case .array(let values)? = members["enum"] { members["enum"] = .array(values.filter { $0 != .null }) }
        }
        if case .array(let options)? = members["anyOf"] {
            let kept = options.filter { $0 != ["type": "null"] }
            if kept.count == 1, members.count == 1 { return kept[0] }
            members["anyOf"] = .array(kept)
        }
        return .object(members)
    }

    /// A parameter's default as JSON.
    static func json(_ value: Any?) -> JSONValue? {
        guard let value else { return nil }
        switch value {
        case let value as Bool: return .bool(value)
        case let value as any BinaryInteger: return Int(exactly: value).map(JSONValue.int) ?? .string("\(value)")
        case let value as Double: return value.isFinite ? .double(value) : nil
        case let value as Float: return value.isFinite ? .double(Double(value)) : nil
        case let value as String: return .string(value)
        case let value as any RawRepresentable: return json(value.rawValue)
        default: return .string("\(value)")
        }
    }

    // MARK: Responses

    private mutating func responses(_ route: RouteDescription, inputs: [InputDeclaration]) -> [String: JSONValue] {
        let entry = route.entry
        var responses: [String: JSONValue] = [:]
        let (content, extraHeaders, statusKey, others) = successContent(route)
        let description: String
        switch statusKey {
        case "3XX": description = "A redirect."
        case "default": description = "The response the handler makes."
        default: description = HTTPStatus(code: Int(statusKey) ?? 200).reasonPhrase
        }
        var success: [String: JSONValue] = ["description": .string(description)]
        if !content.isEmpty { success["content"] = .object(content) }
        var headers = layeredHeaders(entry.policy)
        headers.merge(extraHeaders) { _, own in own }
        if !headers.isEmpty { success["headers"] = .object(headers) }
        // A handler that builds its own `Response` sets its status there; when the route
        // documents its successes, the default status is not one of them.
        let documentsOwnSuccess = route.handler.outputType == Response.self && route.handler.status == nil
            && entry.policy.documentation.responses.contains { $0.status.isSuccess || (300...399).contains($0.status.code) }
        if !documentsOwnSuccess { responses[statusKey] = .object(success) }
        responses.merge(others) { own, _ in own }

        if entry.method == .get, entry.policy.etag != nil || entry.policy.computesETag {
            responses["304"] = .object(["description": "Not Modified: the client's copy, named by If-None-Match, is current."])
        }
        let decodes = inputs.contains { input in
            switch input.source {
            case .body, .query, .header, .cookie: return true
            case .path(let name):
                // A typed template segment matched only values of its type, which convert.
                return !route.template.segments.contains { segment in
                    guard case .parameter(name, let type) = segment else { return false }
                    return (type == .int && input.valueType == Int.self) || (type == .uuid && input.valueType == UUID.self)
                        || (type == .float && input.valueType == Double.self)
                }
            case .dependency, .context: return false
            }
        }
        if decodes {
            responses["400"] = problem("Bad Request: an input is missing or does not decode; `errors` lists each.", validation: true)
            let validates = inputs.contains { input in
                switch input.source {
                case .body, .query: return isValidatable(input.valueType)
                default: return false
                }
            }
            if validates {
                responses["422"] = problem("Unprocessable Content: inputs decode but break their rules; `errors` lists each.", validation: true)
            }
        }
        if route.template.segments.contains(where: { if case .parameter = $0 { return true } else { return false } }) {
            responses["404"] = problem("Not Found: no resource has these path parameters.")
        }
        if inputs.contains(where: { if case .body = $0.source { return true } else { return false } }) {
            responses["413"] = problem("Content Too Large: the content is over \(entry.policy.requestBodyLimit) bytes.")
            responses["415"] = problem("Unsupported Media Type: the Content-Type is missing or not one the operation accepts.")
        }
        for status in entry.policy.guards.flatMap(\.refusals) where responses[String(status.code)] == nil {
            responses[String(status.code)] = problem("\(status.reasonPhrase): refused by a guard (\(entry.policy.guards.filter { $0.refusals.contains(status) }.map(\.name).joined(separator: ", "))).")
        }
        for documented in entry.policy.documentation.responses {
            responses[String(documented.status.code)] = response(documented, route: route)
        }
        return responses
    }

    /// The success response's content, the headers it implies and its status, by what the
    /// handler returns.
    /// The success response's content, the headers it implies, its key in `responses` (a
    /// status, `3XX`, or `default` where the handler's value decides the status) and other
    /// responses the return type gives.
    private func successContent(_ route: RouteDescription)
        -> (content: [String: JSONValue], headers: [String: JSONValue], statusKey: String, others: [String: JSONValue]) {
        let entry = route.entry
        let type = route.handler.outputType
        let mediaType = entry.mediaType?.essence
        // The tuple forms return their status with the value.
        let statusKey = route.handler.returnsStatus && route.handler.status == nil ? "default" : String(entry.status.code)
        if entry.policy.responseClass != nil {
            // A response class writes what it likes; its media type is the route's hint.
            return ([(mediaType ?? "*/*"): .object([:])], [:], statusKey, [:])
        }
        switch route.handler.shape {
        case .empty, .opaque:
            return ([:], [:], statusKey, [:])
        case .text:
            return ([mediaType ?? "text/plain": .object(["schema": ["type": "string"]])], [:], statusKey, [:])
        case .bytes:
            return ([mediaType ?? "application/octet-stream": .object([:])], [:], statusKey, [:])
        case .encodable:
            return ([mediaType ?? "application/json": .object(["schema": schemas.schema(for: type).json])], [:], statusKey, [:])
        case .convertible:
            if let describing = type as? any ResponseDescribing.Type {
                let description = describing.openAPIResponse(declaredStatus: route.handler.status, mediaType: entry.mediaType)
                var content: [String: JSONValue] = [:]
                if let (type, schema) = description.content {
                    content[type] = schema.map { JSONValue.object(["schema": $0.json]) } ?? .object([:])
                }
                return (content, description.headers, description.statusKey ?? statusKey, description.otherResponses)
            }
            // A `Response` (or a type of your own) carries its status.
            return ([:], [:], route.handler.status.map { String($0.code) } ?? "default", [:])
        }
    }

    /// The layered headers and cookies every response carries, and the documented ones.
    private func layeredHeaders(_ policy: ResolvedPolicy) -> [String: JSONValue] {
        var headers: [String: JSONValue] = [:]
        for field in policy.headers {
            headers[field.name] = .object(["required": true, "schema": .object(["type": "string", "const": .string(field.value)])])
        }
        for documented in policy.documentedHeaders {
            var header: [String: JSONValue] = ["schema": ["type": "string"]]
            if !documented.description.isEmpty { header["description"] = .string(documented.description) }
            if documented.isRequired { header["required"] = true }
            headers[documented.name] = .object(header)
        }
        let cookies = policy.cookies.map { "`\($0.name)`" } + policy.documentedCookies.map { cookie in
            cookie.description.isEmpty ? "`\(cookie.name)`" : "`\(cookie.name)` (\(cookie.description))"
        }
        if !cookies.isEmpty {
            headers["Set-Cookie"] = .object(["description": .string("Sets the cookies " + cookies.joined(separator: ", ") + "."),
                                             "schema": ["type": "string"]])
        }
        return headers
    }

    private mutating func problem(_ description: String, validation: Bool = false) -> JSONValue {
        // Most routes share their problem responses: one value each, not one per route.
        let key = validation ? "v" + description : description
        if let known = problems[key] { return known }
        let problem = JSONValue.object(["description": .string(description),
                 "content": .object([MediaType.problemJSON.essence: .object(["schema": schemas.schema(for: validation ? ValidationProblem.self : ProblemDetails.self).json])])])
        problems[key] = problem
        return problem
    }

    private func response(_ documented: DocumentedResponse, route: RouteDescription) -> JSONValue {
        var response: [String: JSONValue] = ["description": .string(documented.description)]
        let schema: JSONSchema?
        switch documented.content {
        case .none: schema = nil
        case .schema(let value): schema = value
        case .type(let describe): schema = describe(schemas)
        }
        if documented.status.isSuccess, documented.mediaType == nil, schema == nil {
            // The route's own content, under another status — if that status has content.
            let (content, headers, _, _) = successContent(route)
            if !content.isEmpty, documented.status.allowsContent { response["content"] = .object(content) }
            if !headers.isEmpty { response["headers"] = .object(headers) }
            return .object(response)
        }
        if documented.status.isSuccess {
            let headers = layeredHeaders(route.entry.policy)
            if !headers.isEmpty { response["headers"] = .object(headers) }
        }
        let isError = documented.status.isClientError || documented.status.isServerError
        let mediaType = documented.mediaType?.essence ?? (isError ? MediaType.problemJSON.essence : route.entry.mediaType?.essence)
        let contentSchema = schema ?? (isError && documented.mediaType == nil ? schemas.schema(for: ProblemDetails.self) : nil)
        if let mediaType, documented.status.allowsContent {
            response["content"] = .object([mediaType: contentSchema.map { .object(["schema": $0.json]) } ?? .object([:])])
        }
        return .object(response)
    }
}
