/// A keyed encoding container that can write a nil optional instead of leaving its key out:
/// the `encodeIfPresent` overloads, written once for the JSON, MessagePack and template coders.
///
/// Each overload is a separate requirement of `KeyedEncodingContainerProtocol`, whose defaults
/// skip nil; these win over them for a container that conforms here.
package protocol NilWritingKeyedContainer: KeyedEncodingContainerProtocol {
    /// Whether a nil optional is written with `encodeNil(forKey:)` rather than left out.
    var writesNilOptionals: Bool { get }
}

extension NilWritingKeyedContainer {
    package mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else if writesNilOptionals { try encodeNil(forKey: key) }
    }
    package mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else if writesNilOptionals { try encodeNil(forKey: key) }
    }
    package mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else if writesNilOptionals { try encodeNil(forKey: key) }
    }
    package mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else if writesNilOptionals { try encodeNil(forKey: key) }
    }
    package mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else if writesNilOptionals { try encodeNil(forKey: key) }
    }
    package mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else if writesNilOptionals { try encodeNil(forKey: key) }
    }
    package mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else if writesNilOptionals { try encodeNil(forKey: key) }
    }
    package mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else if writesNilOptionals { try encodeNil(forKey: key) }
    }
    package mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else if writesNilOptionals { try encodeNil(forKey: key) }
    }
    package mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else if writesNilOptionals { try encodeNil(forKey: key) }
    }
    package mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else if writesNilOptionals { try encodeNil(forKey: key) }
    }
    package mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else if writesNilOptionals { try encodeNil(forKey: key) }
    }
    package mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else if writesNilOptionals { try encodeNil(forKey: key) }
    }
    package mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else if writesNilOptionals { try encodeNil(forKey: key) }
    }
    package mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else if writesNilOptionals { try encodeNil(forKey: key) }
    }
}
