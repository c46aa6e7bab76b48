import StrataCodecs

/// A JSON Schema (2020-12, the dialect of OpenAPI 3.1), as the API document writes it.
///
/// ```swift
/// let isbn = JSONSchema.string(pattern: "^[0-9-]{10,17}$")
/// let tags = JSONSchema.array(of: .string(), maxItems: 10)
/// ```
///
/// It is a JSON value underneath, so anything the builders do not cover can be written as
/// ``JSONSchema/init(_:)``.
public struct JSONSchema: Sendable, Hashable {
    /// The schema as JSON.
    public var json: JSONValue

    /// A schema written out as JSON.
    public init(_ json: JSONValue) {
        self.json = json
    }

    /// Accepts any value.
    public static let any = JSONSchema(.object([:]))

    /// A string, with an optional `format` (`date-time`, `uuid`, `uri`, …) and constraints.
    public static func string(format: String? = nil, pattern: String? = nil, minLength: Int? = nil, maxLength: Int? = nil) -> JSONSchema {
        var members: [String: JSONValue] = ["type": "string"]
        members["format"] = format.map(JSONValue.string)
        members["pattern"] = pattern.map(JSONValue.string)
        members["minLength"] = minLength.map(JSONValue.int)
        members["maxLength"] = maxLength.map(JSONValue.int)
        return JSONSchema(.object(members))
    }

    /// An integer, with an optional `format` (`int32`, `int64`) and bounds.
    public static func integer(format: String? = nil, minimum: Int? = nil, maximum: Int? = nil) -> JSONSchema {
        var members: [String: JSONValue] = ["type": "integer"]
        members["format"] = format.map(JSONValue.string)
        members["minimum"] = minimum.map(JSONValue.int)
        members["maximum"] = maximum.map(JSONValue.int)
        return JSONSchema(.object(members))
    }

    /// A number, with an optional `format` (`float`, `double`).
    public static func number(format: String? = nil) -> JSONSchema {
        var members: [String: JSONValue] = ["type": "number"]
        members["format"] = format.map(JSONValue.string)
        return JSONSchema(.object(members))
    }

    /// `true` or `false`.
    public static let boolean = JSONSchema(.object(["type": "boolean"]))

    /// A list of `items`.
    public static func array(of items: JSONSchema, uniqueItems: Bool = false, minItems: Int? = nil, maxItems: Int? = nil) -> JSONSchema {
        var members: [String: JSONValue] = ["type": "array", "items": items.json]
        if uniqueItems { members["uniqueItems"] = true }
        members["minItems"] = minItems.map(JSONValue.int)
        members["maxItems"] = maxItems.map(JSONValue.int)
        return JSONSchema(.object(members))
    }

    /// An object with `properties`, of which `required` must be present. Properties are
    /// written in name order; `required` keeps the order given.
    public static func object(properties: [String: JSONSchema], required: [String] = [], additionalProperties: JSONSchema? = nil) -> JSONSchema {
        var members: [String: JSONValue] = ["type": "object", "properties": .object(properties.mapValues(\.json))]
        if !required.isEmpty { members["required"] = .array(required.map(JSONValue.string)) }
        members["additionalProperties"] = additionalProperties?.json
        return JSONSchema(.object(members))
    }

    /// An object whose members all match `values`: a dictionary.
    public static func map(of values: JSONSchema) -> JSONSchema {
        JSONSchema(.object(["type": "object", "additionalProperties": values.json]))
    }

    /// One of the `values`, each a string.
    public static func enumeration(_ values: [String]) -> JSONSchema {
        JSONSchema(.object(["type": "string", "enum": .array(values.map(JSONValue.string))]))
    }

    /// This schema, or `null`.
    public var nullable: JSONSchema {
        guard case .object(var members) = json else { return self }
        if case .string(let type)? = members["type"], members["$ref"] == nil {
            members["type"] = .array([.string(type), "null"])
            if case .array(let values)? = members["enum"] { members["enum"] = .array(values + [.null]) }
            return JSONSchema(.object(members))
        }
        if case .array(let types)? = members["type"] {
            if !types.contains(.string("null")) { members["type"] = .array(types + ["null"]) }
            if case .array(let values)? = members["enum"], !values.contains(.null) { members["enum"] = .array(values + [.null]) }
            return JSONSchema(.object(members))
        }
        if members.isEmpty { return self }
        return JSONSchema(.object(["anyOf": .array([json, .object(["type": "null"])])]))
    }

    /// This schema with `description`.
    public func described(_ description: String) -> JSONSchema {
        with("description", .string(description))
    }

    /// This schema with the member `name` set to `value`.
    public func with(_ name: String, _ value: JSONValue) -> JSONSchema {
        guard case .object(var members) = json else { return self }
        members[name] = value
        return JSONSchema(.object(members))
    }
}
