extension MessagePackDocument {
    /// Reads the header of the value at `offset`, checking every length against the input.
    ///
    /// Returns the token and the offset just past the header and, for scalars, the payload;
    /// for arrays and maps that is the offset of their first element.
    func token(at offset: Int) throws -> (token: MessagePackToken, next: Int) {
        if offset == Self.missingValueOffset { return (.null, offset) }
        guard offset < bytes.count else {
            throw Self.corrupted("Truncated MessagePack data: expected a value at offset \(offset) but the input ends there.")
        }
        let format = bytes[offset]
        let next = offset + 1
        // Spec "Overview" table, in byte order.
        switch format {
        case 0x00...MessagePackFormat.positiveFixIntMax:
            return (.unsigned(UInt64(format)), next)
        case MessagePackFormat.fixMap...0x8f:
            return (.map(count: Int(format & 0x0f)), next)
        case MessagePackFormat.fixArray...0x9f:
            return (.array(count: Int(format & 0x0f)), next)
        case MessagePackFormat.fixStr...0xbf:
            let payload = try payload(length: Int(format & 0x1f), at: next, of: "fixstr", at: offset)
            return (.string(payload), payload.upperBound)
        case MessagePackFormat.nil:
            return (.null, next)
        case MessagePackFormat.neverUsed:
            throw Self.corrupted("Invalid MessagePack data: byte 0xc1 at offset \(offset) is not a format (the spec marks it \"never used\").")
        case MessagePackFormat.false:
            return (.bool(false), next)
        case MessagePackFormat.true:
            return (.bool(true), next)
        case MessagePackFormat.bin8, MessagePackFormat.bin16, MessagePackFormat.bin32:
            let width = 1 << Int(format - MessagePackFormat.bin8)
            let length = try length(width: width, at: next, of: formatName(format), at: offset)
            let payload = try payload(length: length, at: next + width, of: formatName(format), at: offset)
            return (.binary(payload), payload.upperBound)
        case MessagePackFormat.ext8, MessagePackFormat.ext16, MessagePackFormat.ext32:
            let width = 1 << Int(format - MessagePackFormat.ext8)
            let length = try length(width: width, at: next, of: formatName(format), at: offset)
            // Spec "ext format family": the type byte sits between the length and the payload.
            let type: Int8 = try integer(at: next + width, of: formatName(format), at: offset)
            let payload = try payload(length: length, at: next + width + 1, of: formatName(format), at: offset)
            return (.ext(type: type, payload: payload), payload.upperBound)
        case MessagePackFormat.float32:
            let bits: UInt32 = try integer(at: next, of: "float 32", at: offset)
            return (.float(Float(bitPattern: bits)), next + 4)
        case MessagePackFormat.float64:
            let bits: UInt64 = try integer(at: next, of: "float 64", at: offset)
            return (.double(Double(bitPattern: bits)), next + 8)
        case MessagePackFormat.uint8:
            return (.unsigned(UInt64(try integer(at: next, of: "uint 8", at: offset) as UInt8)), next + 1)
        case MessagePackFormat.uint16:
            return (.unsigned(UInt64(try integer(at: next, of: "uint 16", at: offset) as UInt16)), next + 2)
        case MessagePackFormat.uint32:
            return (.unsigned(UInt64(try integer(at: next, of: "uint 32", at: offset) as UInt32)), next + 4)
        case MessagePackFormat.uint64:
            return (.unsigned(try integer(at: next, of: "uint 64", at: offset) as UInt64), next + 8)
        case MessagePackFormat.int8:
            return (.signed(Int64(try integer(at: next, of: "int 8", at: offset) as Int8)), next + 1)
        case MessagePackFormat.int16:
            return (.signed(Int64(try integer(at: next, of: "int 16", at: offset) as Int16)), next + 2)
        case MessagePackFormat.int32:
            return (.signed(Int64(try integer(at: next, of: "int 32", at: offset) as Int32)), next + 4)
        case MessagePackFormat.int64:
            return (.signed(try integer(at: next, of: "int 64", at: offset) as Int64), next + 8)
        case MessagePackFormat.fixExt1...MessagePackFormat.fixExt16:
            let size = 1 << Int(format - MessagePackFormat.fixExt1)
            let type: Int8 = try integer(at: next, of: "fixext \(size)", at: offset)
            let payload = try payload(length: size, at: next + 1, of: "fixext \(size)", at: offset)
            return (.ext(type: type, payload: payload), payload.upperBound)
        case MessagePackFormat.str8, MessagePackFormat.str16, MessagePackFormat.str32:
            let width = 1 << Int(format - MessagePackFormat.str8)
            let length = try length(width: width, at: next, of: formatName(format), at: offset)
            let payload = try payload(length: length, at: next + width, of: formatName(format), at: offset)
            return (.string(payload), payload.upperBound)
        case MessagePackFormat.array16, MessagePackFormat.array32:
            let width = format == MessagePackFormat.array16 ? 2 : 4
            let count = try length(width: width, at: next, of: "array \(width * 8)", at: offset)
            return (.array(count: count), next + width)
        case MessagePackFormat.map16, MessagePackFormat.map32:
            let width = format == MessagePackFormat.map16 ? 2 : 4
            let count = try length(width: width, at: next, of: "map \(width * 8)", at: offset)
            return (.map(count: count), next + width)
        default: // 0xe0...0xff: negative fixint
            return (.signed(Int64(Int8(bitPattern: format))), next)
        }
    }

    /// "str 8", "bin 32", …: the spec's name for a sized format, for error messages.
    private func formatName(_ format: UInt8) -> String {
        switch format {
        case MessagePackFormat.bin8...MessagePackFormat.bin32: "bin \(8 << Int(format - MessagePackFormat.bin8))"
        case MessagePackFormat.ext8...MessagePackFormat.ext32: "ext \(8 << Int(format - MessagePackFormat.ext8))"
        default: "str \(8 << Int(format - MessagePackFormat.str8))"
        }
    }

    /// A big-endian integer at `start`, if the input holds all of its bytes.
    private func integer<I: FixedWidthInteger>(at start: Int, of format: @autoclosure () -> String, at formatOffset: Int) throws -> I {
        let size = I.bitWidth / 8
        guard size <= bytes.count - start else {
            throw Self.corrupted("Truncated MessagePack data: the \(format()) at offset \(formatOffset) needs \(size) more bytes but only \(bytes.count - start) remain.")
        }
        var value: I = 0
        for index in start..<(start + size) {
            value = value << 8 | I(truncatingIfNeeded: bytes[index])
        }
        return value
    }

    /// A 1-, 2- or 4-byte big-endian length field.
    private func length(width: Int, at start: Int, of format: @autoclosure () -> String, at formatOffset: Int) throws -> Int {
        switch width {
        case 1: Int(try integer(at: start, of: format(), at: formatOffset) as UInt8)
        case 2: Int(try integer(at: start, of: format(), at: formatOffset) as UInt16)
        default: Int(try integer(at: start, of: format(), at: formatOffset) as UInt32)
        }
    }

    /// The range of a `length`-byte payload at `start`, refused before anything is allocated
    /// if the input is shorter than it declares.
    private func payload(length: Int, at start: Int, of format: @autoclosure () -> String, at formatOffset: Int) throws -> Range<Int> {
        guard length <= bytes.count - start else {
            throw Self.corrupted("Truncated MessagePack data: the \(format()) at offset \(formatOffset) declares \(length) bytes but only \(max(0, bytes.count - start)) remain.")
        }
        return start..<(start + length)
    }
}
