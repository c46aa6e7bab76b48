@testable import StrataCodecs

/// Hex helpers for MessagePack tests: vectors are written as `"cd-01-00"`, like the
/// msgpack-test-suite (https://github.com/kawanet/msgpack-test-suite) writes them.
enum MessagePackHex {
    /// The bytes of `"cd-01-00"` (dashes and spaces are ignored).
    static func bytes(_ text: String) -> [UInt8] {
        let digits = Array(text.utf8.filter { $0 != UInt8(ascii: "-") && $0 != UInt8(ascii: " ") })
        return stride(from: 0, to: digits.count, by: 2).map { index in
            UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) ?? 0
        }
    }

    /// `[0xcd, 0x01, 0x00]` as `"cd-01-00"`.
    static func string(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return byte < 16 ? "0" + digits : digits
        }.joined(separator: "-")
    }

    /// The hex of `value` encoded by a default `MessagePackEncoder`.
    static func encode<T: Encodable>(_ value: T, typeEncoders: TypeEncoders = TypeEncoders()) throws -> String {
        string(try MessagePackEncoder(typeEncoders: typeEncoders).encode(value))
    }

    /// Decodes a `T` from hex.
    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try MessagePackDecoder().decode(type, from: bytes(text))
    }
}

/// A coding key made from any string, for tests that build maps key by key.
struct MessagePackTestKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// A map whose entries are encoded in the given order (a `Dictionary`'s order is random).
struct MessagePackOrderedMap: Encodable {
    let entries: [(String, Int)]

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: MessagePackTestKey.self)
        for (key, value) in entries {
            try container.encode(value, forKey: MessagePackTestKey(stringValue: key))
        }
    }
}

/// Any MessagePack value, decoded by probing each container kind in turn; used to walk
/// arbitrary (including mutated) messages without knowing their shape.
indirect enum MessagePackAnyValue: Decodable, Equatable {
    case null, bool(Bool), int(Int64), uint(UInt64), double(Double), string(String)
    case binary([UInt8]), ext(MessagePackExtension)
    case array([MessagePackAnyValue]), map([String: MessagePackAnyValue])

    init(from decoder: any Decoder) throws {
        if let map = try? decoder.container(keyedBy: MessagePackTestKey.self) {
            var entries: [String: MessagePackAnyValue] = [:]
            for key in map.allKeys { entries[key.stringValue] = try map.decode(MessagePackAnyValue.self, forKey: key) }
            self = .map(entries)
        } else if var array = try? decoder.unkeyedContainer() {
            var elements: [MessagePackAnyValue] = []
            while !array.isAtEnd { elements.append(try array.decode(MessagePackAnyValue.self)) }
            self = .array(elements)
        } else {
            let value = try decoder.singleValueContainer()
            if value.decodeNil() { self = .null }
            else if let bool = try? value.decode(Bool.self) { self = .bool(bool) }
            else if let int = try? value.decode(Int64.self) { self = .int(int) }
            else if let uint = try? value.decode(UInt64.self) { self = .uint(uint) }
            else if let double = try? value.decode(Double.self) { self = .double(double) }
            else if let string = try? value.decode(String.self) { self = .string(string) }
            else if let ext = try? value.decode(MessagePackExtension.self) { self = .ext(ext) }
            else { self = .binary(try value.decode([UInt8].self)) }
        }
    }
}
