/// Checks UTF-8 as it arrives in pieces, failing at the first byte that cannot be part of
/// well-formed UTF-8 (Unicode 15 Table 3-7: no overlongs, no surrogates, nothing past
/// U+10FFFF) — so a text message split over frames is refused as soon as it goes wrong,
/// not when its last fragment arrives (RFC 6455 §8.1).
package struct UTF8Validator: Sendable {
    /// Continuation bytes the current sequence still needs.
    private var remaining = 0
    /// The range the next continuation byte must fall in (narrower after E0, ED, F0 and F4).
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF

    package init() {}

    /// Whether every byte so far ends a sequence (the text may stop here).
    package var isComplete: Bool { remaining == 0 }

    /// Feeds `bytes`; `false` once they cannot continue well-formed UTF-8.
    package mutating func validate(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        guard let base = bytes.baseAddress else { return true }
        while index < count {
            if remaining == 0 {
                // ASCII runs, eight bytes at a time: the common case of chat and JSON.
                while index + 8 <= count {
                    let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 != 0 { break }
                    index += 8
                }
                guard index < count else { return true }
                let byte = base[index]
                index += 1
                switch byte {
                case 0x00...0x7F: continue
                case 0xC2...0xDF: (remaining, lower, upper) = (1, 0x80, 0xBF)
                case 0xE0: (remaining, lower, upper) = (2, 0xA0, 0xBF)
                case 0xE1...0xEC, 0xEE...0xEF: (remaining, lower, upper) = (2, 0x80, 0xBF)
                case 0xED: (remaining, lower, upper) = (2, 0x80, 0x9F)
                case 0xF0: (remaining, lower, upper) = (3, 0x90, 0xBF)
                case 0xF1...0xF3: (remaining, lower, upper) = (3, 0x80, 0xBF)
                case 0xF4: (remaining, lower, upper) = (3, 0x80, 0x8F)
                default: return false
                }
            } else {
                let byte = base[index]
                index += 1
                guard byte >= lower && byte <= upper else { return false }
                remaining -= 1
                (lower, upper) = (0x80, 0xBF)
            }
        }
        return true
    }

    /// Whether `bytes` are well-formed UTF-8, whole.
    package static func isValid(_ bytes: [UInt8]) -> Bool {
        var validator = UTF8Validator()
        return bytes.withUnsafeBufferPointer { validator.validate($0) } && validator.isComplete
    }
}
