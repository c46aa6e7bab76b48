/// Copies bytes into room made beforehand at the end of a buffer (see
/// ``HTTPResponseSerializer/serialize(_:date:extraFields:allowsChunked:into:)``): one
/// capacity and uniqueness check for a whole response head, where `Array.append` pays one per
/// piece.
///
/// Every write checks that it fits, so a miscounted head traps instead of writing past the
/// room — one comparison a write.
struct ByteWriter {
    private let output: UnsafeMutableBufferPointer<UInt8>
    /// Where the next byte goes.
    private(set) var offset: Int

    init(_ output: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        self.output = output
        self.offset = offset
    }

    @inline(__always)
    private func reserve(_ count: Int) -> UnsafeMutablePointer<UInt8> {
        precondition(count <= output.count - offset, "the response head was miscounted")
        return output.baseAddress! + offset
    }

    mutating func write(_ byte: UInt8) {
        reserve(1).pointee = byte
        offset += 1
    }

    mutating func writeCRLF() {
        let to = reserve(2)
        to[0] = UInt8(ascii: "\r")
        to[1] = UInt8(ascii: "\n")
        offset += 2
    }

    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count).update(from: source, count: bytes.count)
        offset += bytes.count
    }

    mutating func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { write($0) }
    }

    mutating func write(_ string: StaticString) {
        write(UnsafeBufferPointer(start: string.utf8Start, count: string.utf8CodeUnitCount))
    }

    mutating func write(_ string: String) {
        let copied: Void? = string.utf8.withContiguousStorageIfAvailable { write($0) }
        if copied == nil {
            for byte in string.utf8 { write(byte) }
        }
    }

    /// `value`, not negative, in decimal.
    mutating func writeDecimal(_ value: Int) {
        precondition(value >= 0, "lengths and status codes are never negative")
        let digits = Self.decimalDigits(value)
        let to = reserve(digits)
        var rest = value
        for index in stride(from: digits - 1, through: 0, by: -1) {
            to[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        offset += digits
    }

    /// Copies a field name, checking it as it goes: the first byte that may not appear in an
    /// RFC 9110 token, if any (what was written is then to be discarded).
    mutating func writeToken(_ name: String) -> UInt8? {
        writeChecked(name) { !HTTPToken.isTokenCharacter($0) }
    }

    /// Copies a field value, checking it as it goes: its first control character other than
    /// HTAB (or DEL), if any (what was written is then to be discarded).
    mutating func writeFieldValue(_ value: String) -> UInt8? {
        writeChecked(value, HTTPHeaders.isInvalidValueByte)
    }

    @inline(__always)
    private mutating func writeChecked(_ string: String, _ isInvalid: (UInt8) -> Bool) -> UInt8? {
        let checked: UInt8?? = string.utf8.withContiguousStorageIfAvailable { bytes -> UInt8? in
            for byte in bytes where isInvalid(byte) { return byte }
            write(bytes)
            return nil
        }
        if let checked { return checked }
        for byte in string.utf8 {
            guard !isInvalid(byte) else { return byte }
            write(byte)
        }
        return nil
    }

    /// How many decimal digits `value` (not negative) has: what ``writeDecimal(_:)`` writes.
    static func decimalDigits(_ value: Int) -> Int {
        var digits = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        return digits
    }
}
