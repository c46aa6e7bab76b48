import StrataHTTP
import FoundationEssentials

/// Writers for single JSON values, straight into the buffer.
extension JSONStreamWriter {
    /// Appends ASCII text with one append and no temporary array.
    @inline(__always)
    mutating func appendLiteral(_ text: StaticString) {
        text.withUTF8Buffer { buffer.append(contentsOf: $0) }
    }

    @inline(__always)
    mutating func writeNull() {
        appendLiteral("null")
    }

    @inline(__always)
    mutating func writeBool(_ value: Bool) {
        if value {
            appendLiteral("true")
        } else {
            appendLiteral("false")
        }
    }

    /// A JSON string. RFC 8259 §7: `"`, `\` and controls below U+0020 must be escaped;
    /// everything else, `/` and non-ASCII included, is copied through as UTF-8.
    mutating func writeString(_ string: String) {
        buffer.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if runStart < index { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
                writeEscape(byte)
                runStart = index + 1
            }
            if runStart < utf8.count { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        buffer.append(UInt8(ascii: "\""))
    }

    private mutating func writeEscape(_ byte: UInt8) {
        let short: UInt8
        switch byte {
        case UInt8(ascii: "\""): short = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): short = UInt8(ascii: "\\")
        case 0x08: short = UInt8(ascii: "b")
        case 0x0C: short = UInt8(ascii: "f")
        case 0x0A: short = UInt8(ascii: "n")
        case 0x0D: short = UInt8(ascii: "r")
        case 0x09: short = UInt8(ascii: "t")
        default:
            appendLiteral("\\u00")
            buffer.append(Self.lowerHex[Int(byte >> 4)])
            buffer.append(Self.lowerHex[Int(byte & 0x0F)])
            return
        }
        buffer.append(UInt8(ascii: "\\"))
        buffer.append(short)
    }

    static let lowerHex: [UInt8] = Array("0123456789abcdef".utf8)

    // MARK: Numbers

    @inline(__always)
    mutating func writeSigned<I: FixedWidthInteger & SignedInteger>(_ value: I) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        writeUnsigned(value.magnitude)
    }

    /// Exact decimal digits, written backwards into scratch space and appended at once.
    mutating func writeUnsigned<U: FixedWidthInteger & UnsignedInteger>(_ value: U) {
        if value < 10 {
            buffer.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value))
            return
        }
        // 39 digits hold UInt128.max.
        appendScratch(capacity: 40) { scratch in
            var index = 40
            var rest = value
            repeat {
                let (quotient, digit) = rest.quotientAndRemainder(dividingBy: 10)
                index -= 1
                scratch[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: digit)
                rest = quotient
            } while rest != 0
            return index..<40
        }
    }

    /// Appends the bytes `body` writes into `capacity` bytes of stack scratch space, whose
    /// range it returns: one append instead of one per byte.
    @inline(__always)
    mutating func appendScratch(capacity: Int, _ body: (UnsafeMutableBufferPointer<UInt8>) -> Range<Int>) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { scratch in
            let written = body(scratch)
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[written]))
        }
    }

    /// Shortest round-trip digits, as Foundation writes them: integral values without `.0`.
    mutating func writeDouble(_ value: Double, depth: Int) throws {
        guard value.isFinite else { throw nonConformingError(value, Self.name(of: value, type: "Double"), depth: depth) }
        // Below 2^53 every integral Double prints as its plain digits, so skip `description`.
        if value.magnitude < 9_007_199_254_740_992, value.rounded(.towardZero) == value, !(value == 0 && value.sign == .minus) {
            writeSigned(Int64(value))
            return
        }
        writeNumberDescription(value.description)
    }

    mutating func writeFloat(_ value: Float, depth: Int) throws {
        guard value.isFinite else { throw nonConformingError(value, Self.name(of: value, type: "Float"), depth: depth) }
        // Below 2^24 every integral Float prints as its plain digits.
        if value.magnitude < 16_777_216, value.rounded(.towardZero) == value, !(value == 0 && value.sign == .minus) {
            writeSigned(Int32(value))
            return
        }
        writeNumberDescription(value.description)
    }

    /// Swift's `description` is already valid JSON (`1e-07`, `1.5e+300`) apart from the
    /// `.0` it gives integral values, which Foundation drops: `-0.0` → `-0`.
    private mutating func writeNumberDescription(_ description: String) {
        var description = description
        description.withUTF8 { utf8 in
            var end = utf8.count
            if end >= 2 && utf8[end - 2] == UInt8(ascii: ".") && utf8[end - 1] == UInt8(ascii: "0") { end -= 2 }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[..<end]))
        }
    }

    private static func name<F: FloatingPoint>(of value: F, type: String) -> String {
        value.isNaN ? "\(type).nan" : value < 0 ? "-\(type).infinity" : "\(type).infinity"
    }

    /// A JSON number with every digit `Decimal` holds.
    mutating func writeDecimal(_ value: Decimal, depth: Int) throws {
        guard !value.isNaN else { throw nonConformingError(value, "Decimal.nan", depth: depth) }
        buffer.append(contentsOf: value.description.utf8)
    }

    // MARK: Special types

    /// `"xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"`, lowercase as RFC 9562 §4 asks for output.
    mutating func writeUUID(_ uuid: UUID) {
        appendScratch(capacity: 38) { scratch in
            scratch[0] = UInt8(ascii: "\"")
            var index = 1
            withUnsafeBytes(of: uuid.uuid) { bytes in
                for (position, byte) in bytes.enumerated() {
                    if position == 4 || position == 6 || position == 8 || position == 10 {
                        scratch[index] = UInt8(ascii: "-")
                        index += 1
                    }
                    scratch[index] = Self.lowerHex[Int(byte >> 4)]
                    scratch[index + 1] = Self.lowerHex[Int(byte & 0x0F)]
                    index += 2
                }
            }
            scratch[index] = UInt8(ascii: "\"")
            return 0..<(index + 1)
        }
    }

    /// RFC 4648 §4 base64 with `=` padding, as `Data.base64EncodedString()` writes it.
    mutating func writeBase64(_ data: Data) {
        let encodedCount = (data.count + 2) / 3 * 4
        // Large values get heap scratch space from `withUnsafeTemporaryAllocation` by itself.
        appendScratch(capacity: encodedCount + 2) { scratch in
            scratch[0] = UInt8(ascii: "\"")
            var out = 1
            func put(_ chunk: UInt32, digits: Int) {
                for shift in stride(from: 18, to: 18 - 6 * digits, by: -6) {
                    scratch[out] = Self.base64Alphabet[Int((chunk >> UInt32(shift)) & 0x3F)]
                    out += 1
                }
            }
            data.withUnsafeBytes { bytes in
                var index = 0
                while index + 3 <= bytes.count {
                    put(UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]), digits: 4)
                    index += 3
                }
                switch bytes.count - index {
                case 1:
                    put(UInt32(bytes[index]) << 16, digits: 2)
                    scratch[out] = UInt8(ascii: "=")
                    scratch[out + 1] = UInt8(ascii: "=")
                    out += 2
                case 2:
                    put(UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8, digits: 3)
                    scratch[out] = UInt8(ascii: "=")
                    out += 1
                default:
                    break
                }
            }
            scratch[out] = UInt8(ascii: "\"")
            return 0..<(out + 1)
        }
    }

    private static let base64Alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// ISO 8601 in UTC, `2026-11-23T11:36:13Z`, with `.SSS` only when the milliseconds are not zero.
    ///
    /// The date is rounded to the nearest millisecond first. Years outside 0000–9999 throw:
    /// RFC 3339 §5.6 has exactly four year digits.
    mutating func writeDate(_ date: Date, depth: Int) throws {
        guard let time = ISO8601Timestamp(date) else { throw ISO8601Timestamp.outOfRange(date, codingPath: codingPath(depth: depth)) }
        // `"YYYY-MM-DDTHH:MM:SS.sssZ"`: 26 bytes at most.
        appendScratch(capacity: 26) { scratch in
            var index = 0
            func put(_ byte: UInt8) {
                scratch[index] = byte
                index += 1
            }
            func put(_ value: Int, digits: Int) {
                var rest = value
                for position in stride(from: index + digits - 1, through: index, by: -1) {
                    scratch[position] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
                    rest /= 10
                }
                index += digits
            }
            put(UInt8(ascii: "\""))
            put(time.year, digits: 4)
            put(UInt8(ascii: "-"))
            put(time.month, digits: 2)
            put(UInt8(ascii: "-"))
            put(time.day, digits: 2)
            put(UInt8(ascii: "T"))
            put(time.hour, digits: 2)
            put(UInt8(ascii: ":"))
            put(time.minute, digits: 2)
            put(UInt8(ascii: ":"))
            put(time.second, digits: 2)
            if time.millisecond != 0 {
                put(UInt8(ascii: "."))
                put(time.millisecond, digits: 3)
            }
            put(UInt8(ascii: "Z"))
            put(UInt8(ascii: "\""))
            return 0..<index
        }
    }
}
