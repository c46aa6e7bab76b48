/// Reads a MessagePack array element by element.
///
/// A failed decode leaves the container on the same element (as Foundation's decoders do),
/// so a caller may retry it as another type.
struct MessagePackUnkeyedDecodingContainer: UnkeyedDecodingContainer {
    let document: MessagePackDocument
    let codingPath: [any CodingKey]
    private let elementCount: Int
    private(set) var currentIndex = 0
    /// Offset of the element at `currentIndex`.
    private var cursor: Int

    init(document: MessagePackDocument, codingPath: [any CodingKey], count: Int, cursor: Int) {
        self.document = document
        self.codingPath = codingPath
        self.elementCount = count
        self.cursor = cursor
    }

    var count: Int? { elementCount }
    var isAtEnd: Bool { currentIndex >= elementCount }

    private var elementPath: [any CodingKey] { codingPath + [IndexCodingKey(intValue: currentIndex)] }

    /// The current element's offset, or `valueNotFound` past the end.
    private func current(_ type: Any.Type) throws -> Int {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, DecodingError.Context(
                codingPath: elementPath,
                debugDescription: "Unkeyed container is at end: the array at \(describeCodingPath(codingPath)) has only \(elementCount) elements."))
        }
        return cursor
    }

    private mutating func advance() throws {
        cursor = try document.end(ofValueAt: cursor)
        currentIndex += 1
    }

    mutating func decodeNil() throws -> Bool {
        guard try document.decodeNil(at: current(Never?.self)) else { return false }
        try advance()
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool {
        let value = try document.decodeBool(at: current(type), codingPath: elementPath)
        try advance()
        return value
    }

    mutating func decode(_ type: String.Type) throws -> String {
        let value = try document.decodeString(at: current(type), codingPath: elementPath)
        try advance()
        return value
    }

    mutating func decode(_ type: Double.Type) throws -> Double {
        let value = try document.decodeDouble(at: current(type), codingPath: elementPath)
        try advance()
        return value
    }

    mutating func decode(_ type: Float.Type) throws -> Float {
        let value = try document.decodeFloat(at: current(type), codingPath: elementPath)
        try advance()
        return value
    }

    mutating func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    mutating func decode(_ type: Int128.Type) throws -> Int128 { try integer(type) }
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    mutating func decode(_ type: UInt128.Type) throws -> UInt128 { try integer(type) }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let value = try document.decode(type, at: current(type), codingPath: elementPath)
        try advance()
        return value
    }

    private mutating func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        let value = try document.decodeInteger(type, at: current(type), codingPath: elementPath)
        try advance()
        return value
    }

    /// A decoder for the current element, moving past it.
    private mutating func nextDecoder(_ type: Any.Type) throws -> MessagePackValueDecoder {
        let decoder = MessagePackValueDecoder(document: document, offset: try current(type), codingPath: elementPath)
        try advance()
        return decoder
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let decoder = MessagePackValueDecoder(document: document, offset: try current(type), codingPath: elementPath)
        let container = try decoder.container(keyedBy: type)
        try advance()
        return container
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let decoder = MessagePackValueDecoder(document: document, offset: try current([Any].self), codingPath: elementPath)
        let container = try decoder.unkeyedContainer()
        try advance()
        return container
    }

    mutating func superDecoder() throws -> any Decoder { try nextDecoder((any Decoder).self) }
}
