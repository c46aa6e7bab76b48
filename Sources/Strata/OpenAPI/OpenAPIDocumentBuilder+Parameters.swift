import FoundationEssentials
import StrataCodecs
import StrataHTTP

/// An operation's parameters: path, query, header and cookie, from the typed inputs.
extension OpenAPIDocumentBuilder {
    func parameters(_ route: RouteDescription, inputs: [InputDeclaration], renames: [String: String]) -> [JSONValue] {
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
                        let kind = Self.jsonType(of: schema, in: schemas)
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
    func objectMembers(of type: Any.Type) -> (properties: [String: JSONValue], required: [String]) {
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
    static func jsonType(of schema: JSONValue, in schemas: OpenAPISchemas) -> String? {
        guard case .object(let members) = schema else { return nil }
        if case .string(let reference)? = members["$ref"] {
            return schemas.componentSchema(referencedBy: reference).flatMap { jsonType(of: $0.json, in: schemas) }
        }
        if case .array(let options)? = members["anyOf"] {
            return options.lazy.compactMap { jsonType(of: $0, in: schemas) }.first { $0 != "null" }
        }
        switch members["type"] {
        case .string(let type)?: return type
        case .array(let types)?:
            return types.lazy.compactMap { if case .string(let type) = $0, type != "null" { return type } else { return nil } }.first
        default: return nil
        }
    }

    /// A parameter's value is never `null`: an absent one is left out.
    static func removingNull(_ schema: JSONValue) -> JSONValue {
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
}
