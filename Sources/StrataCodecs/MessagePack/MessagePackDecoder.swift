/// Decodes `Decodable` values from MessagePack (https://github.com/msgpack/msgpack/blob/master/spec.md).
///
/// ```swift
/// struct Point: Codable { var x: Int; var y: Int }
/// let point = try MessagePackDecoder().decode(Point.self, from: [0x82, 0xa1, 0x78, 0x01, 0xa1, 0x79, 0xff])
/// // Point(x: 1, y: -1)
/// ```
///
/// Every format of the spec is accepted where it fits the requested type, whichever size a
/// sender chose:
/// - any integer format into any Swift integer type the value fits (else `dataCorrupted`);
/// - float 32, float 64 or any integer into `Double` and `Float` (a float 64 beyond `Float`'s
///   range is `dataCorrupted`);
/// - str into `String` (which must be valid UTF-8), `UUID`, `URL` and `Decimal`;
/// - bin into `[UInt8]` and `Data` (an array of small integers is accepted as well);
/// - the timestamp extension (32, 64 or 96 bit) into `Date`, as are plain numbers, read as
///   seconds since 1970, so a `Date → timeIntervalSince1970` type encoder round-trips;
/// - any ext into `MessagePackExtension`;
/// - maps into keyed containers (str keys, or integer keys read as their decimal text, so
///   `[Int: V]` written by other implementations decodes), arrays into unkeyed containers.
///
/// Untrusted input is safe to decode: the whole message is validated before any value is
/// built, so truncated data, trailing bytes, lengths larger than the input, the unused byte
/// 0xc1 and arrays/maps nested deeper than 512 levels all throw `DecodingError.dataCorrupted`
/// without allocating for the declared sizes. A map with a repeated key is refused too,
/// because the spec leaves its meaning undefined.
public struct MessagePackDecoder: Sendable {
    /// A decoder.
    public init() {}

    /// Decodes a `T` from one complete MessagePack message.
    ///
    /// - Throws: `DecodingError.dataCorrupted` for malformed input or a value out of range,
    ///   `typeMismatch`, `valueNotFound` or `keyNotFound` when the message does not fit `T`.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        let document = try MessagePackDocument(validating: bytes)
        return try document.decode(T.self, at: 0, codingPath: [])
    }
}
