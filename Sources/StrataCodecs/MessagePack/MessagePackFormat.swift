/// The first bytes of every MessagePack format, and the limits Strata puts on a message.
///
/// Names follow the "Overview" table of https://github.com/msgpack/msgpack/blob/master/spec.md.
enum MessagePackFormat {
    // Single-byte formats whose high bits carry the value or the length.
    static let positiveFixIntMax: UInt8 = 0x7f   // 0xxxxxxx
    static let fixMap: UInt8 = 0x80              // 1000xxxx
    static let fixArray: UInt8 = 0x90            // 1001xxxx
    static let fixStr: UInt8 = 0xa0              // 101xxxxx
    static let negativeFixIntMin: UInt8 = 0xe0   // 111xxxxx

    static let `nil`: UInt8 = 0xc0
    // Spec "Overview": 0xc1 is "(never used)"; a decoder must refuse it.
    static let neverUsed: UInt8 = 0xc1
    static let `false`: UInt8 = 0xc2
    static let `true`: UInt8 = 0xc3
    static let bin8: UInt8 = 0xc4
    static let bin16: UInt8 = 0xc5
    static let bin32: UInt8 = 0xc6
    static let ext8: UInt8 = 0xc7
    static let ext16: UInt8 = 0xc8
    static let ext32: UInt8 = 0xc9
    static let float32: UInt8 = 0xca
    static let float64: UInt8 = 0xcb
    static let uint8: UInt8 = 0xcc
    static let uint16: UInt8 = 0xcd
    static let uint32: UInt8 = 0xce
    static let uint64: UInt8 = 0xcf
    static let int8: UInt8 = 0xd0
    static let int16: UInt8 = 0xd1
    static let int32: UInt8 = 0xd2
    static let int64: UInt8 = 0xd3
    static let fixExt1: UInt8 = 0xd4
    static let fixExt2: UInt8 = 0xd5
    static let fixExt4: UInt8 = 0xd6
    static let fixExt8: UInt8 = 0xd7
    static let fixExt16: UInt8 = 0xd8
    static let str8: UInt8 = 0xd9
    static let str16: UInt8 = 0xda
    static let str32: UInt8 = 0xdb
    static let array16: UInt8 = 0xdc
    static let array32: UInt8 = 0xdd
    static let map16: UInt8 = 0xde
    static let map32: UInt8 = 0xdf

    /// Spec "Timestamp extension type": the ext type reserved for timestamps.
    static let timestampType: Int8 = -1

    /// How deeply arrays and maps may nest, counting the outermost as 1.
    ///
    /// The decoder refuses deeper input before decoding anything, so a hostile "depth bomb"
    /// (`0x91 0x91 0x91 …`) cannot exhaust the stack; the encoder refuses the same depth so
    /// that everything it writes can be read back.
    static let maximumDepth = 512
}
