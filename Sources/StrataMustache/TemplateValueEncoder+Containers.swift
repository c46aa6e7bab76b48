import StrataCodecs
/// Writes the members of an object.
///
/// `encodeIfPresent` writes `null` for `nil` instead of skipping the key: a missing key would
/// let Mustache's context lookup find a same-named value in an outer context.
struct TemplateValueKeyedContainer<Key: CodingKey>: NilWritingKeyedContainer {
    let encoder: TemplateValueEncoder
    let box: TemplateValueObjectBox
    let codingPath: [any CodingKey]

    private func store(_ value: TemplateValue, _ key: Key) {
        box.members[key.stringValue] = .value(value)
    }

    private func integer<T: BinaryInteger>(_ value: T, _ key: Key) throws {
        store(try TemplateValue.integer(value, codingPath: codingPath + [key]), key)
    }

    mutating func encodeNil(forKey key: Key) throws { store(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { store(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { store(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { store(.double(value), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { store(TemplateValue.float(value), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { store(.int(value), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try integer(value, key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        store(try encoder.convert(value, at: codingPath + [key]), key)
    }

    /// Always: a missing key would let Mustache's lookup find an outer value (see above).
    var writesNilOptionals: Bool { true }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = TemplateValueObjectBox()
        box.members[key.stringValue] = .object(nested)
        return KeyedEncodingContainer(TemplateValueKeyedContainer<NestedKey>(
            encoder: encoder, box: nested, codingPath: codingPath + [key]
        ))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = TemplateValueArrayBox()
        box.members[key.stringValue] = .array(nested)
        return TemplateValueUnkeyedContainer(encoder: encoder, box: nested, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        superEncoder(named: "super", key: IndexCodingKey(stringValue: "super"))
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        superEncoder(named: key.stringValue, key: key)
    }

    private func superEncoder(named name: String, key: any CodingKey) -> any Encoder {
        let child = TemplateValueEncoder(codingPath: codingPath + [key])
        box.members[name] = .encoder(child)
        return child
    }
}

/// Writes the elements of an array.
struct TemplateValueUnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: TemplateValueEncoder
    let box: TemplateValueArrayBox
    let codingPath: [any CodingKey]

    var count: Int { box.elements.count }

    /// The coding path of the element about to be appended.
    private var elementPath: [any CodingKey] {
        codingPath + [IndexCodingKey(intValue: box.elements.count)]
    }

    private func store(_ value: TemplateValue) {
        box.elements.append(.value(value))
    }

    private func integer<T: BinaryInteger>(_ value: T) throws {
        store(try TemplateValue.integer(value, codingPath: elementPath))
    }

    mutating func encodeNil() throws { store(.null) }
    mutating func encode(_ value: Bool) throws { store(.bool(value)) }
    mutating func encode(_ value: String) throws { store(.string(value)) }
    mutating func encode(_ value: Double) throws { store(.double(value)) }
    mutating func encode(_ value: Float) throws { store(TemplateValue.float(value)) }
    mutating func encode(_ value: Int) throws { store(.int(value)) }
    mutating func encode(_ value: Int8) throws { try integer(value) }
    mutating func encode(_ value: Int16) throws { try integer(value) }
    mutating func encode(_ value: Int32) throws { try integer(value) }
    mutating func encode(_ value: Int64) throws { try integer(value) }
    mutating func encode(_ value: UInt) throws { try integer(value) }
    mutating func encode(_ value: UInt8) throws { try integer(value) }
    mutating func encode(_ value: UInt16) throws { try integer(value) }
    mutating func encode(_ value: UInt32) throws { try integer(value) }
    mutating func encode(_ value: UInt64) throws { try integer(value) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        store(try encoder.convert(value, at: elementPath))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        let path = elementPath
        let nested = TemplateValueObjectBox()
        box.elements.append(.object(nested))
        return KeyedEncodingContainer(TemplateValueKeyedContainer<NestedKey>(encoder: encoder, box: nested, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = elementPath
        let nested = TemplateValueArrayBox()
        box.elements.append(.array(nested))
        return TemplateValueUnkeyedContainer(encoder: encoder, box: nested, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let child = TemplateValueEncoder(codingPath: elementPath)
        box.elements.append(.encoder(child))
        return child
    }
}
