/// The elements of a form list: repeated values, or the `x[0]`, `x[1]`… children of `x`.
struct URLEncodedFormUnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [URLEncodedFormNode]
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(elements: [URLEncodedFormNode], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    /// An empty element (`n=1&n=&n=3`) is nil, and is consumed; any other is not.
    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { throw pastEnd(Optional<String>.self) }
        guard elements[currentIndex].isEmptyValue else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next(type) }
    mutating func decode(_ type: String.Type) throws -> String { try next(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try next(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try next(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try next(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next(type) }
    mutating func decode(_ type: Int128.Type) throws -> Int128 { try next(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next(type) }
    mutating func decode(_ type: UInt128.Type) throws -> UInt128 { try next(type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next(type) }

    // As in the keyed container: `String?` keeps "", the defaults read "" as nil otherwise.
    mutating func decodeIfPresent(_ type: String.Type) throws -> String? { try next(String?.self) }
    mutating func decodeIfPresent<T: Decodable>(_ type: T.Type) throws -> T? { try next(T?.self) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try nextDecoder(KeyedDecodingContainer<NestedKey>.self).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try nextDecoder((any UnkeyedDecodingContainer).self).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        try nextDecoder((any Decoder).self)
    }

    private mutating func next<T: Decodable>(_ type: T.Type) throws -> T {
        guard !isAtEnd else { throw pastEnd(T.self) }
        let value = try URLEncodedFormValues.unbox(T.self, from: elements[currentIndex], at: elementPath)
        currentIndex += 1
        return value
    }

    private mutating func nextDecoder(_ type: Any.Type) throws -> URLEncodedFormDecoding {
        guard !isAtEnd else { throw pastEnd(type) }
        defer { currentIndex += 1 }
        return URLEncodedFormDecoding(node: elements[currentIndex], codingPath: elementPath)
    }

    private var elementPath: [any CodingKey] { codingPath + [IndexCodingKey(intValue: currentIndex)] }

    private func pastEnd(_ type: Any.Type) -> DecodingError {
        .valueNotFound(type, URLEncodedFormValues.context(
            elementPath, "Form field '\(URLEncodedFormValues.fieldName(codingPath))' has only \(elements.count) values."
        ))
    }
}
