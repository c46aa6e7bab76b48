import FoundationEssentials

/// Encodes `Encodable` values as MessagePack (https://github.com/msgpack/msgpack/blob/master/spec.md).
///
/// ```swift
/// struct Point: Codable { var x: Int; var y: Int }
/// let bytes = try MessagePackEncoder().encode(Point(x: 1, y: -1))
/// // [0x82, 0xa1, 0x78, 0x01, 0xa1, 0x79, 0xff]  ({"x": 1, "y": -1})
/// ```
///
/// Every value takes the smallest format that holds it:
/// - integers of any Swift width → positive/negative fixint or the narrowest uint/int 8…64;
/// - `Float` → float 32, `Double` → float 64; `Bool` → true/false; `nil` → nil;
/// - `String` → fixstr or str 8/16/32;
/// - `[UInt8]` and `Data` → bin 8/16/32 (not an array of integers);
/// - `Date` → the timestamp extension (type -1) in its 32-, 64- or 96-bit form;
/// - `MessagePackExtension` → fixext 1/2/4/8/16 or ext 8/16/32;
/// - keyed containers → a map with str keys in encoding order (declaration order for
///   synthesized `Codable`); unkeyed containers → an array;
/// - `UUID` → its lowercase string; `URL` → its `absoluteString`;
/// - `Decimal` → its `description` as a str, because MessagePack has no decimal type and a
///   float 64 would silently round values such as `0.1` or 20-digit amounts.
///
/// Arrays and maps nested deeper than 512 levels are refused, as `MessagePackDecoder` does.
public struct MessagePackEncoder: Sendable {
    /// Per-type overrides, consulted for every value before it is written.
    ///
    /// When a value's exact type has an override, the value the override returns is written
    /// instead. That replacement is not looked up again for its own type (so an override may
    /// return a value of the type it overrides without looping), but values inside it are.
    public var typeEncoders: TypeEncoders

    /// Whether nil optionals are left out of maps (the default) or written as nil.
    public var nilEncoding: NilEncoding

    /// An encoder applying `typeEncoders` (none by default).
    public init(typeEncoders: TypeEncoders = TypeEncoders(), nilEncoding: NilEncoding = .omitted) {
        self.typeEncoders = typeEncoders
        self.nilEncoding = nilEncoding
    }

    /// The MessagePack bytes of `value`.
    ///
    /// - Throws: `EncodingError.invalidValue` if `value` encodes nothing at all, nests deeper
    ///   than 512 levels, holds a `Date` or integer MessagePack cannot represent, or a str,
    ///   bin, ext, array or map longer than 2^32-1; any error `value` or an override throws.
    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let root = MessagePackNodeBuilder.root()
        try encode(value, into: root, slot: 0)
        let node = root.values[0]
        if case .pending = node {
            throw EncodingError.invalidValue(value, EncodingError.Context(
                codingPath: [], debugDescription: "Top-level \(T.self) did not encode any values."))
        }
        var writer = MessagePackWriter()
        try writer.write(node, codingPath: [])
        return writer.bytes
    }
}
