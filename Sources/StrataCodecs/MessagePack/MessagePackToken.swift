/// One MessagePack value's header as read from the wire: scalars carry their value or the
/// byte range of their payload; arrays and maps carry their element count.
enum MessagePackToken {
    case null
    case bool(Bool)
    /// positive fixint or uint 8/16/32/64.
    case unsigned(UInt64)
    /// negative fixint or int 8/16/32/64 (which may hold a non-negative value too).
    case signed(Int64)
    case float(Float)
    case double(Double)
    case string(Range<Int>)
    case binary(Range<Int>)
    case ext(type: Int8, payload: Range<Int>)
    case array(count: Int)
    /// `count` key/value pairs.
    case map(count: Int)

    /// What was found, for "Expected X but found …" errors.
    var kind: String {
        switch self {
        case .null: "nil"
        case .bool: "a bool"
        case .unsigned, .signed: "an integer"
        case .float: "a float 32"
        case .double: "a float 64"
        case .string: "a str"
        case .binary: "a bin"
        case .ext(let type, _): type == MessagePackFormat.timestampType ? "a timestamp" : "an ext of type \(type)"
        case .array: "an array"
        case .map: "a map"
        }
    }
}
