/// A MessagePack extension value: an application-defined type code and its raw payload.
///
/// `MessagePackEncoder` writes it as fixext 1/2/4/8/16 when the payload has exactly one of
/// those sizes and as ext 8/16/32 otherwise; `MessagePackDecoder` reads any ext format into
/// it, including timestamps (type -1), whose payload is then left undecoded.
///
/// ```swift
/// let point = MessagePackExtension(type: 7, data: [0x01, 0x02])
/// try MessagePackEncoder().encode(point)   // [0xd5, 0x07, 0x01, 0x02]
/// ```
///
/// Other coders (JSON, for instance) see a keyed `{"type": 7, "data": [1, 2]}` record.
public struct MessagePackExtension: Sendable, Hashable, Codable {
    /// The type code: 0...127 for applications; -128...-1 are reserved by the spec
    /// (-1 is the timestamp).
    public var type: Int8
    /// The payload, up to 2^32-1 bytes.
    public var data: [UInt8]

    /// An extension value of `type` carrying `data`.
    public init(type: Int8, data: [UInt8]) {
        self.type = type
        self.data = data
    }

    private enum CodingKeys: String, CodingKey {
        case type, data
    }

    /// Reads an ext value from `MessagePackDecoder`, or a `{type, data}` record from others.
    public init(from decoder: any Decoder) throws {
        if let decoder = decoder as? MessagePackValueDecoder {
            self = try decoder.decodeExtension()
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(type: try container.decode(Int8.self, forKey: .type),
                  data: try container.decode([UInt8].self, forKey: .data))
    }

    /// Writes an ext value to `MessagePackEncoder`, or a `{type, data}` record to others.
    public func encode(to encoder: any Encoder) throws {
        if let encoder = encoder as? MessagePackValueEncoder {
            encoder.builder.values[encoder.slot] = .ext(type: type, data: data)
            return
        }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(data, forKey: .data)
    }
}
