import FoundationEssentials
import StrataCodecs

/// The schemas of an API document: `components/schemas`, filled as types are described.
///
/// A named type — a struct, class or enum — is described once, under its name, and referred
/// to by `$ref`, so recursive types end. Names are the types' own (`Book`, `Order.Line`,
/// `ClassicPagination_Book`); a type whose name an earlier one took gets its module-qualified
/// name (`Shop.Item`).
///
/// How a type is described, first match wins:
/// 1. `Optional` — its wrapped type, nullable;
/// 2. strings, booleans, the integers and floating-point types, `Decimal`, `Date`
///    (`date-time`, as Strata writes it), `UUID`, `URL`, `Data` (base64), ``JSONValue``;
/// 3. ``OpenAPISchemaDescribing`` — as the type says;
/// 4. arrays and sets (`uniqueItems`), dictionaries (`additionalProperties`);
/// 5. `CaseIterable` enums with `String` or `Int` raw values — an `enum` of the raw values;
/// 6. `Decodable` types — by decoding a stand-in (see ``SchemaInspection``): the keys read
///    become properties, those read with `decodeIfPresent` optional and nullable, and a
///    ``Validatable`` type's rules become `minimum`, `maxLength`, `pattern` and the like.
///    `init(from:)` and `validate(_:)` run once on the stand-in (`"1"`, `1`, empty lists), so
///    they must not trap on one;
/// 7. anything else — the empty schema, and a warning in ``warnings``.
public final class OpenAPISchemas {
    private struct Component {
        let type: Any.Type
        let name: String
        var schema: JSONSchema?
    }

    private var registered: [Component] = []
    private var indices: [ObjectIdentifier: Int] = [:]
    private var indicesByName: [String: Int] = [:]
    /// Types that could not be described exactly, with why; each is written as far as known.
    public private(set) var warnings: [String] = []

    /// An empty set of schemas.
    public init() {}

    /// The schema of `type`: a `$ref` for named types, the schema itself for the rest.
    public func schema(for type: Any.Type) -> JSONSchema {
        let id = ObjectIdentifier(type)
        if let index = indices[id] {
            return Self.reference(to: registered[index].name)
        }
        if let known = inline[id] {
            return known
        }
        let schema = describe(type)
        if indices[id] == nil { inline[id] = schema }
        return schema
    }

    /// Schemas of types that are not components, by type: the casts that find them are the
    /// slowest part of describing a large API.
    private var inline: [ObjectIdentifier: JSONSchema] = [:]

    private func describe(_ type: Any.Type) -> JSONSchema {
        if let optional = type as? any OptionalSchemaProbe.Type {
            return schema(for: optional.wrappedType).nullable
        }
        if let primitive = Self.primitive(type) {
            return primitive
        }
        if let described = type as? any OpenAPISchemaDescribing.Type {
            return component(type) { described.openAPISchema(in: self) }
        }
        if let list = type as? any ListSchemaProbe.Type {
            return .array(of: schema(for: list.elementType), uniqueItems: list.hasUniqueElements)
        }
        if let map = type as? any MapSchemaProbe.Type {
            if map.keyType == String.self || map.keyType is any CodingKeyRepresentable.Type || map.keyType == Int.self {
                return .map(of: schema(for: map.valueType))
            }
            // Other keys encode as a flat list alternating keys and values.
            return .array(of: .any)
        }
        if let cases = Self.rawValues(of: type) {
            return component(type) { JSONSchema(.object(cases)) }
        }
        if let decodable = type as? any Decodable.Type {
            return component(type) { inspect(decodable) }
        }
        warnings.append("\(type) is not Decodable, so its schema is empty; conform it to OpenAPISchemaDescribing")
        return .any
    }

    /// The named types described so far, by component name.
    public var components: [String: JSONSchema] {
        componentsJSON.mapValues(JSONSchema.init)
    }

    /// `components/schemas`.
    var componentsJSON: [String: JSONValue] {
        var members: [String: JSONValue] = [:]
        for component in registered {
            members[component.name] = component.schema?.json ?? [:]
        }
        return members
    }

    /// The schema of a named type described so far, not its `$ref`.
    func componentSchema(of type: Any.Type) -> JSONSchema? {
        indices[ObjectIdentifier(type)].flatMap { registered[$0].schema }
    }

    /// The schema a `$ref` of this document names.
    func componentSchema(referencedBy reference: String) -> JSONSchema? {
        guard reference.hasPrefix(Self.referencePrefix) else { return nil }
        return indicesByName[String(reference.dropFirst(Self.referencePrefix.count))].flatMap { registered[$0].schema }
    }

    private static let referencePrefix = "#/components/schemas/"

    private static func reference(to name: String) -> JSONSchema {
        JSONSchema(.object(["$ref": .string(referencePrefix + name)]))
    }

    // MARK: Components

    private func component(_ type: Any.Type, describe: () -> JSONSchema) -> JSONSchema {
        let index = registered.count
        let name = uniqueName(for: type)
        indices[ObjectIdentifier(type)] = index
        indicesByName[name] = index
        registered.append(Component(type: type, name: name))
        // Registered before it is described, so a type that contains itself refers to itself.
        registered[index].schema = describe()
        return Self.reference(to: name)
    }

    /// The type's own name (`Book`, `Order.Line`, `Page_Book`); its module-qualified name
    /// when a type met earlier has that name (`Shop.Item` after `Stock.Item` took `Item`);
    /// a numeric suffix when even that is taken. Final at once, so references are written
    /// once, and the same app always gives the same names.
    private func uniqueName(for type: Any.Type) -> String {
        func isTaken(_ name: String) -> Bool { indicesByName[name] != nil }
        let reflected = Self.withoutLocalContexts(String(reflecting: type))
        var name = Self.sanitized(Self.nameWithoutModules(reflected))
        if isTaken(name) { name = Self.sanitized(reflected) }
        if isTaken(name) {
            var suffix = 2
            while isTaken("\(name)_\(suffix)") { suffix += 1 }
            name = "\(name)_\(suffix)"
        }
        return name
    }


    /// `Shop.(unknown context at $10b4).Item` → `Shop.Item`: private and local types' names
    /// carry a context that says nothing to a reader.
    static func withoutLocalContexts(_ name: String) -> String {
        var result = name
        while let start = result.firstRange(of: "(unknown context at "), let end = result[start.upperBound...].firstRange(of: ").") {
            result.removeSubrange(start.lowerBound..<end.upperBound)
        }
        return result
    }

    /// `Shop.Order.Line` → `Order.Line`, `Strata.Page<Shop.Book>` → `Page<Book>`: a
    /// reflected name without the module that begins each type's path.
    static func nameWithoutModules(_ name: String) -> String {
        var result = ""
        var word = ""
        func flush() {
            if let dot = word.firstIndex(of: "."), !word.hasPrefix("(") {
                result += word[word.index(after: dot)...]
            } else {
                result += word
            }
            word = ""
        }
        for character in name {
            if character == "<" || character == ">" || character == "," || character == " " || character == "[" || character == "]" || character == ":" {
                flush()
                result.append(character)
            } else {
                word.append(character)
            }
        }
        flush()
        return result
    }

    /// `Page<Book>` → `Page_Book`: component names allow only `A–Z a–z 0–9 . _ -`.
    static func sanitized(_ name: String) -> String {
        var result = ""
        var pendingSeparator = false
        for scalar in name.unicodeScalars {
            let allowed = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "." || scalar == "-" || scalar == "_"
            if allowed {
                if pendingSeparator && !result.isEmpty { result += "_" }
                pendingSeparator = false
                result.unicodeScalars.append(scalar)
            } else {
                pendingSeparator = true
            }
        }
        return result.isEmpty ? "Schema" : result
    }

    // MARK: Kinds of types

    private static func primitive(_ type: Any.Type) -> JSONSchema? {
        switch type {
        case is String.Type, is Substring.Type, is Character.Type: return .string()
        case is Bool.Type: return .boolean
        case is Int.Type, is Int64.Type: return .integer(format: "int64")
        case is Int32.Type: return .integer(format: "int32")
        case is Int8.Type, is Int16.Type: return .integer(format: "int32")
        case is UInt.Type, is UInt64.Type: return .integer(format: "int64", minimum: 0)
        case is UInt8.Type, is UInt16.Type, is UInt32.Type: return .integer(format: "int32", minimum: 0)
        case is Double.Type: return .number(format: "double")
        case is Float.Type: return .number(format: "float")
        case is Decimal.Type: return .number()
        case is Date.Type: return .string(format: "date-time")
        case is UUID.Type: return .string(format: "uuid")
        case is URL.Type: return .string(format: "uri")
        case is Data.Type: return JSONSchema(["type": "string", "contentEncoding": "base64"])
        case is JSONValue.Type: return .any
        case is Never?.Type: return JSONSchema(["type": "null"])
        default: return nil
        }
    }

    /// `enum` and `type` of a `CaseIterable` enum with `String` or `Int` raw values.
    private static func rawValues(of type: Any.Type) -> [String: JSONValue]? {
        guard let iterable = type as? any CaseIterable.Type, type is any RawRepresentable.Type else { return nil }
        func cases<C: CaseIterable>(_: C.Type) -> [Any] { Array(C.allCases) }
        func raw<R: RawRepresentable>(_ value: R) -> Any { value.rawValue }
        let raws = cases(iterable).compactMap { ($0 as? any RawRepresentable).map { raw($0) } }
        if let strings = raws as? [String] {
            return ["type": "string", "enum": .array(strings.map(JSONValue.string))]
        }
        if let integers = raws as? [Int] {
            return ["type": "integer", "enum": .array(integers.map(JSONValue.int))]
        }
        return nil
    }

    /// A `Decodable` type's schema, from what its `init(from:)` asks a ``SchemaDecoder`` for.
    private func inspect(_ type: any Decodable.Type) -> JSONSchema {
        let inspection = SchemaInspection()
        var instance: Any?
        do {
            instance = try type.init(from: SchemaDecoder(inspection: inspection))
        } catch {
            if let rejected = error as? StandInRejected {
                warnings.append("\(type)'s schema ends early: \(rejected); make that type CaseIterable (an enum) or conform it to OpenAPISchemaDescribing with an openAPIStandIn, or describe \(type) itself")
            } else {
                warnings.append("\(type) rejected the stand-in values its schema is read with, so its schema may be incomplete: \(error); conform it to OpenAPISchemaDescribing")
            }
        }
        var schema = render(inspection)
        if let validatable = instance as? any Validatable {
            var validator = Validator(recordingConstraints: ())
            validatable.validate(&validator)
            schema = applying(validator.recordedConstraints, to: schema, of: type)
        }
        return schema
    }

    private func render(_ inspection: SchemaInspection) -> JSONSchema {
        switch inspection.kind {
        case .unknown:
            return .any
        case .single:
            return inspection.single.map(render) ?? .any
        case .unkeyed:
            return .array(of: inspection.items.map(render) ?? .any)
        case .keyed:
            var properties: [String: JSONSchema] = [:]
            var required: [String] = []
            for name in inspection.propertyNames {
                let property = inspection.properties[name]!
                let schema = render(property.element)
                properties[name] = property.isNullable ? schema.nullable : schema
                if property.isRequired { required.append(name) }
            }
            return .object(properties: properties, required: required)
        }
    }

    private func render(_ element: SchemaInspection.Element) -> JSONSchema {
        switch element {
        case .type(let type): return schema(for: type)
        case .inline(let inspection): return render(inspection)
        }
    }

    /// `schema` with each top-level field's recorded rules as JSON Schema keywords.
    private func applying(_ constraints: [(field: String, constraints: [ValidationConstraint])], to schema: JSONSchema, of type: Any.Type) -> JSONSchema {
        guard case .object(var members) = schema.json, case .object(var properties)? = members["properties"] else { return schema }
        func number(_ value: Double) -> JSONValue? {
            // An infinite bound constrains nothing, and JSON has no way to write it.
            guard value.isFinite else { return nil }
            return value.rounded() == value && abs(value) < 9e15 ? .int(Int(value)) : .double(value)
        }
        for (field, list) in constraints {
            guard case .object(var property)? = properties[field] else {
                warnings.append("\(type) checks a rule on \"\(field)\", which is not one of its keys, so the rule is not in its schema; name the field as it is encoded")
                continue
            }
            for constraint in list {
                switch constraint {
                case .minimum(let value): property["minimum"] = number(value)
                case .maximum(let value): property["maximum"] = number(value)
                case .minLength(let value): property["minLength"] = .int(value)
                case .maxLength(let value): property["maxLength"] = .int(value)
                case .minItems(let value): property["minItems"] = .int(value)
                case .maxItems(let value): property["maxItems"] = .int(value)
                case .pattern(let value): property["pattern"] = .string(value)
                case .oneOf(let values):
                    // An optional field may also be null: a rule never sees `nil`.
                    let allowsNull = property["type"].map { if case .array(let types) = $0 { return types.contains("null") } else { return false } } ?? false
                    property["enum"] = .array(values.map(JSONValue.string) + (allowsNull ? [.null] : []))
                }
            }
            properties[field] = .object(property)
        }
        members["properties"] = .object(properties)
        return JSONSchema(.object(members))
    }
}

/// `Optional`, for finding its wrapped type.
protocol OptionalSchemaProbe {
    static var wrappedType: Any.Type { get }
}

extension Optional: OptionalSchemaProbe {
    static var wrappedType: Any.Type { Wrapped.self }
}

/// Arrays and sets, for finding their element type.
protocol ListSchemaProbe {
    static var elementType: Any.Type { get }
    static var hasUniqueElements: Bool { get }
}

extension Array: ListSchemaProbe {
    static var elementType: Any.Type { Element.self }
    static var hasUniqueElements: Bool { false }
}

extension ContiguousArray: ListSchemaProbe {
    static var elementType: Any.Type { Element.self }
    static var hasUniqueElements: Bool { false }
}

extension Set: ListSchemaProbe {
    static var elementType: Any.Type { Element.self }
    static var hasUniqueElements: Bool { true }
}

/// Dictionaries, for finding their key and value types.
protocol MapSchemaProbe {
    static var keyType: Any.Type { get }
    static var valueType: Any.Type { get }
}

extension Dictionary: MapSchemaProbe {
    static var keyType: Any.Type { Key.self }
    static var valueType: Any.Type { Value.self }
}
