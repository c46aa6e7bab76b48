import FoundationEssentials

/// Serializes a finished `MessagePackNode` tree, always choosing the smallest format.
struct MessagePackWriter {
    private(set) var bytes: [UInt8] = []

    init(reservingCapacity capacity: Int = 64) {
        bytes.reserveCapacity(capacity)
    }

    /// Appends `node`; `codingPath` is only evaluated to describe an error.
    mutating func write(_ node: MessagePackNode, codingPath: @autoclosure () -> [any CodingKey]) throws {
        switch node {
        case .pending:
            bytes.append(MessagePackFormat.fixMap)
        case .nil:
            bytes.append(MessagePackFormat.nil)
        case .bool(let value):
            bytes.append(value ? MessagePackFormat.true : MessagePackFormat.false)
        case .unsigned(let value):
            writeUnsigned(value)
        case .signed(let value):
            writeSigned(value)
        case .float(let value):
            bytes.append(MessagePackFormat.float32)
            appendBigEndian(value.bitPattern)
        case .double(let value):
            bytes.append(MessagePackFormat.float64)
            appendBigEndian(value.bitPattern)
        case .string(let value):
            try writeString(value, codingPath: codingPath())
        case .binary(let value):
            try writeBinaryHeader(count: value.count, codingPath: codingPath())
            bytes.append(contentsOf: value)
        case .data(let value):
            try writeBinaryHeader(count: value.count, codingPath: codingPath())
            bytes.append(contentsOf: value)
        case .ext(let type, let data):
            try writeExtHeader(type: type, count: data.count, codingPath: codingPath())
            bytes.append(contentsOf: data)
        case .timestamp(let timestamp):
            let payload = timestamp.payload
            try writeExtHeader(type: MessagePackFormat.timestampType, count: payload.count, codingPath: codingPath())
            bytes.append(contentsOf: payload)
        case .container(let builder):
            try writeContainer(builder)
        }
    }

    private mutating func writeContainer(_ builder: MessagePackNodeBuilder) throws {
        // Containers chained inside one `encode(to:)` (nestedContainer of nestedContainer …)
        // never pass the recursion check in `MessagePackEncoder.encode`, so check here too.
        guard builder.depth <= MessagePackFormat.maximumDepth else {
            throw EncodingError.invalidValue(builder.depth, EncodingError.Context(
                codingPath: builder.codingPath,
                debugDescription: "Value nests deeper than \(MessagePackFormat.maximumDepth) arrays or maps."))
        }
        let count = builder.values.count
        if builder.isMap {
            try writeLength(count, fix: (MessagePackFormat.fixMap, 15), eight: nil,
                            sixteen: MessagePackFormat.map16, thirtyTwo: MessagePackFormat.map32,
                            what: "map", codingPath: builder.codingPath)
            for slot in 0..<count {
                try writeString(builder.keys[slot], codingPath: builder.codingPath)
                try write(builder.values[slot], codingPath: builder.codingPath(ofSlot: slot))
            }
        } else {
            try writeLength(count, fix: (MessagePackFormat.fixArray, 15), eight: nil,
                            sixteen: MessagePackFormat.array16, thirtyTwo: MessagePackFormat.array32,
                            what: "array", codingPath: builder.codingPath)
            for slot in 0..<count {
                try write(builder.values[slot], codingPath: builder.codingPath(ofSlot: slot))
            }
        }
    }

    // Spec "int format family": positive fixint 0...127, then uint 8/16/32/64.
    private mutating func writeUnsigned(_ value: UInt64) {
        switch value {
        case 0...UInt64(MessagePackFormat.positiveFixIntMax):
            bytes.append(UInt8(value))
        case 0...UInt64(UInt8.max):
            bytes.append(MessagePackFormat.uint8)
            bytes.append(UInt8(value))
        case 0...UInt64(UInt16.max):
            bytes.append(MessagePackFormat.uint16)
            appendBigEndian(UInt16(value))
        case 0...UInt64(UInt32.max):
            bytes.append(MessagePackFormat.uint32)
            appendBigEndian(UInt32(value))
        default:
            bytes.append(MessagePackFormat.uint64)
            appendBigEndian(value)
        }
    }

    // Spec "int format family": negative fixint -32...-1, then int 8/16/32/64.
    private mutating func writeSigned(_ value: Int64) {
        switch value {
        case 0...:
            writeUnsigned(UInt64(value))
        case -32..<0:
            bytes.append(UInt8(truncatingIfNeeded: value))
        case Int64(Int8.min)...:
            bytes.append(MessagePackFormat.int8)
            appendBigEndian(Int8(value))
        case Int64(Int16.min)...:
            bytes.append(MessagePackFormat.int16)
            appendBigEndian(Int16(value))
        case Int64(Int32.min)...:
            bytes.append(MessagePackFormat.int32)
            appendBigEndian(Int32(value))
        default:
            bytes.append(MessagePackFormat.int64)
            appendBigEndian(value)
        }
    }

    private mutating func writeString(_ value: String, codingPath: @autoclosure () -> [any CodingKey]) throws {
        let utf8 = value.utf8
        try writeLength(utf8.count, fix: (MessagePackFormat.fixStr, 31), eight: MessagePackFormat.str8,
                        sixteen: MessagePackFormat.str16, thirtyTwo: MessagePackFormat.str32,
                        what: "str", codingPath: codingPath())
        bytes.append(contentsOf: utf8)
    }

    // Spec "bin format family": there is no fix form, so even an empty bin takes 2 bytes.
    private mutating func writeBinaryHeader(count: Int, codingPath: @autoclosure () -> [any CodingKey]) throws {
        try writeLength(count, fix: nil, eight: MessagePackFormat.bin8,
                        sixteen: MessagePackFormat.bin16, thirtyTwo: MessagePackFormat.bin32,
                        what: "bin", codingPath: codingPath())
    }

    // Spec "ext format family": fixext 1/2/4/8/16 for exactly those sizes, else ext 8/16/32,
    // whose type byte comes after the length.
    private mutating func writeExtHeader(type: Int8, count: Int, codingPath: @autoclosure () -> [any CodingKey]) throws {
        let fixed: UInt8? = switch count {
        case 1: MessagePackFormat.fixExt1
        case 2: MessagePackFormat.fixExt2
        case 4: MessagePackFormat.fixExt4
        case 8: MessagePackFormat.fixExt8
        case 16: MessagePackFormat.fixExt16
        default: nil
        }
        if let fixed {
            bytes.append(fixed)
        } else {
            try writeLength(count, fix: nil, eight: MessagePackFormat.ext8,
                            sixteen: MessagePackFormat.ext16, thirtyTwo: MessagePackFormat.ext32,
                            what: "ext", codingPath: codingPath())
        }
        bytes.append(UInt8(bitPattern: type))
    }

    /// Writes the smallest length header: the fix form (`base | count`) when `count <= max`,
    /// else the 8-, 16- or 32-bit form that holds it.
    private mutating func writeLength(
        _ count: Int, fix: (base: UInt8, max: Int)?, eight: UInt8?, sixteen: UInt8, thirtyTwo: UInt8,
        what: String, codingPath: @autoclosure () -> [any CodingKey]
    ) throws {
        if let fix, count <= fix.max {
            bytes.append(fix.base | UInt8(count))
        } else if let eight, count <= Int(UInt8.max) {
            bytes.append(eight)
            bytes.append(UInt8(count))
        } else if count <= Int(UInt16.max) {
            bytes.append(sixteen)
            appendBigEndian(UInt16(count))
        } else if let count32 = UInt32(exactly: count) {
            bytes.append(thirtyTwo)
            appendBigEndian(count32)
        } else {
            throw EncodingError.invalidValue(count, EncodingError.Context(
                codingPath: codingPath(),
                debugDescription: "A \(what) of \(count) elements or bytes exceeds MessagePack's limit of 2^32-1."))
        }
    }

    private mutating func appendBigEndian<I: FixedWidthInteger>(_ value: I) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }
}
