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
    /// Problem responses by description, shared between routes.
    var problems: [String: JSONValue] = [:]
    private var schemeNames: [SecurityScheme: String] = [:]
    /// Whether a type is `Validatable`, by type: a cast per route adds up in a large app.
    var validatable: [ObjectIdentifier: Bool] = [:]

    mutating func isValidatable(_ type: Any.Type) -> Bool {
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
}
