/// An object being filled by a keyed container.
///
/// A class because Codable hands out containers that keep writing into their parent after
/// the call that created them has returned.
final class TemplateValueObjectBox {
    var members: [String: TemplateValueSlot] = [:]
}

/// An array being filled by an unkeyed container; a class for the same reason as the object box.
final class TemplateValueArrayBox {
    var elements: [TemplateValueSlot] = []
}

/// One place in the tree under construction: a finished value or a container still open.
enum TemplateValueSlot {
    case value(TemplateValue)
    case object(TemplateValueObjectBox)
    case array(TemplateValueArrayBox)
    /// A `superEncoder`, which its caller may fill after the parent's container is done with it.
    case encoder(TemplateValueEncoder)

    /// The value this slot holds now that encoding has finished.
    var finished: TemplateValue {
        switch self {
        case .value(let value):
            return value
        case .object(let box):
            return .object(box.members.mapValues(\.finished))
        case .array(let box):
            return .array(box.elements.map(\.finished))
        case .encoder(let encoder):
            return encoder.result
        }
    }
}

/// Builds a ``TemplateValue`` from one `Encodable` value; see ``TemplateValue/init(encoding:)``.
///
/// One instance per value being encoded; nested values get their own instance, so each
/// `codingPath` is fixed at creation.
final class TemplateValueEncoder: Encoder {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// What the value wrote; `nil` until it asks for a container.
    var root: TemplateValueSlot?

    init(codingPath: [any CodingKey]) {
        self.codingPath = codingPath
    }

    /// The finished value; a value that wrote nothing is an empty object.
    var result: TemplateValue {
        root?.finished ?? .object([:])
    }

    /// Encodes `value` with a fresh encoder at this encoder's coding path.
    func convert<T: Encodable>(_ value: T) throws -> TemplateValue {
        try convert(value, at: codingPath)
    }

    /// Encodes `value` with a fresh encoder at `path`.
    func convert<T: Encodable>(_ value: T, at path: [any CodingKey]) throws -> TemplateValue {
        if let special = try TemplateValue.special(value, codingPath: path) {
            return special
        }
        let child = TemplateValueEncoder(codingPath: path)
        try value.encode(to: child)
        return child.result
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(TemplateValueKeyedContainer<Key>(encoder: self, box: objectBox(), codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        TemplateValueUnkeyedContainer(encoder: self, box: arrayBox(), codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        TemplateValueSingleValueContainer(encoder: self)
    }

    /// The object this encoder writes into, reused when the value asks for a keyed container twice.
    private func objectBox() -> TemplateValueObjectBox {
        if case .object(let box)? = root {
            return box
        }
        let box = TemplateValueObjectBox()
        root = .object(box)
        return box
    }

    /// The array this encoder writes into, reused when the value asks for an unkeyed container twice.
    private func arrayBox() -> TemplateValueArrayBox {
        if case .array(let box)? = root {
            return box
        }
        let box = TemplateValueArrayBox()
        root = .array(box)
        return box
    }
}

/// Writes one scalar or nested value as the whole of its encoder's value.
struct TemplateValueSingleValueContainer: SingleValueEncodingContainer {
    let encoder: TemplateValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    private func store(_ value: TemplateValue) {
        encoder.root = .value(value)
    }

    mutating func encodeNil() throws { store(.null) }
    mutating func encode(_ value: Bool) throws { store(.bool(value)) }
    mutating func encode(_ value: String) throws { store(.string(value)) }
    mutating func encode(_ value: Double) throws { store(.double(value)) }
    mutating func encode(_ value: Float) throws { store(TemplateValue.float(value)) }
    mutating func encode(_ value: Int) throws { store(.int(value)) }
    mutating func encode(_ value: Int8) throws { store(.int(Int(value))) }
    mutating func encode(_ value: Int16) throws { store(.int(Int(value))) }
    mutating func encode(_ value: Int32) throws { store(.int(Int(value))) }
    mutating func encode(_ value: Int64) throws { store(try TemplateValue.integer(value, codingPath: codingPath)) }
    mutating func encode(_ value: UInt) throws { store(try TemplateValue.integer(value, codingPath: codingPath)) }
    mutating func encode(_ value: UInt8) throws { store(.int(Int(value))) }
    mutating func encode(_ value: UInt16) throws { store(.int(Int(value))) }
    mutating func encode(_ value: UInt32) throws { store(try TemplateValue.integer(value, codingPath: codingPath)) }
    mutating func encode(_ value: UInt64) throws { store(try TemplateValue.integer(value, codingPath: codingPath)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        store(try encoder.convert(value))
    }
}
