/// The `Decoder` that ``URLEncodedFormDecoder`` hands to `init(from:)`: one node of the form tree.
struct URLEncodedFormDecoding: Decoder {
    let node: URLEncodedFormNode
    let codingPath: [any CodingKey]
    /// Whether a missing name is an empty object rather than an error (for dictionaries).
    var absentIsEmpty = false
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        // The root of an empty form is an empty object, so all-optional types decode from it.
        if node.isAbsent && !codingPath.isEmpty && !absentIsEmpty {
            throw URLEncodedFormValues.missing(codingPath, [String: String].self)
        }
        guard node.values.isEmpty || !node.childNames.isEmpty else {
            let name = URLEncodedFormValues.fieldName(codingPath)
            throw DecodingError.typeMismatch([String: String].self, URLEncodedFormValues.context(
                codingPath, "Form field '\(name)' must have nested fields like '\(name)[name]', but it is a plain value."
            ))
        }
        return KeyedDecodingContainer(URLEncodedFormKeyedContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard let elements = node.arrayElements() else {
            let name = URLEncodedFormValues.fieldName(codingPath)
            throw DecodingError.typeMismatch([String].self, URLEncodedFormValues.context(
                codingPath, "Form field '\(name)' must be a list ('\(name)=a&\(name)=b' or '\(name)[0]=a'), but it has named fields."
            ))
        }
        return URLEncodedFormUnkeyedContainer(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        URLEncodedFormSingleValueContainer(node: node, codingPath: codingPath)
    }
}

/// Reads the one value of a node; every type goes through `URLEncodedFormValues.unbox`.
struct URLEncodedFormSingleValueContainer: SingleValueDecodingContainer {
    let node: URLEncodedFormNode
    let codingPath: [any CodingKey]

    /// A missing field, or an empty value (an empty input), is nil.
    func decodeNil() -> Bool { node.isAbsent || node.isEmptyValue }

    func decode(_ type: Bool.Type) throws -> Bool { try unbox(type) }
    func decode(_ type: String.Type) throws -> String { try unbox(type) }
    func decode(_ type: Double.Type) throws -> Double { try unbox(type) }
    func decode(_ type: Float.Type) throws -> Float { try unbox(type) }
    func decode(_ type: Int.Type) throws -> Int { try unbox(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try unbox(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try unbox(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try unbox(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try unbox(type) }
    func decode(_ type: Int128.Type) throws -> Int128 { try unbox(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try unbox(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try unbox(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try unbox(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try unbox(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try unbox(type) }
    func decode(_ type: UInt128.Type) throws -> UInt128 { try unbox(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try unbox(type) }

    private func unbox<T: Decodable>(_ type: T.Type) throws -> T {
        try URLEncodedFormValues.unbox(T.self, from: node, at: codingPath)
    }
}
