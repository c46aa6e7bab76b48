/// Where a route's parameter values are in the request path: byte ranges, or — for a value
/// that had percent-escapes and so cannot be sliced from the path — an index into a list of
/// decoded values.
///
/// The router fills it while it walks and ``PathParameters`` keeps it, so matching a route
/// makes no string and no array for up to four parameters; a value becomes a `String` only
/// when a handler asks for it. Each capture is one integer: `start << 32 | end`, or
/// `decodedFlag | index`.
struct PathCaptures: Sendable {
    private var inline: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var overflow: [UInt64] = []
    private(set) var count = 0

    private static let decodedFlag: UInt64 = 1 << 63

    /// A value is the path's bytes `start..<end`, when both fit in 31 bits (any path the
    /// server accepts does); otherwise it must be stored decoded.
    static func fitsSlice(_ range: Range<Int>) -> Bool {
        range.upperBound < 1 << 31
    }

    /// A value sliced from the path; see ``fitsSlice(_:)``.
    mutating func appendSlice(_ range: Range<Int>) {
        append(UInt64(range.lowerBound) << 32 | UInt64(range.upperBound))
    }

    /// A value stored decoded, at `index` of the decoded values.
    mutating func appendDecoded(_ index: Int) {
        append(Self.decodedFlag | UInt64(index))
    }

    private mutating func append(_ capture: UInt64) {
        switch count {
        case 0: inline.0 = capture
        case 1: inline.1 = capture
        case 2: inline.2 = capture
        case 3: inline.3 = capture
        default: overflow.append(capture)
        }
        count += 1
    }

    mutating func removeLast() {
        count -= 1
        if count >= 4 { overflow.removeLast() }
    }

    /// The value at `index` (below `count`): a slice of `bytes`, or one of `decoded`.
    func value(at index: Int, in bytes: UnsafeBufferPointer<UInt8>, decoded: [String]) -> String {
        let capture = self[index]
        if capture & Self.decodedFlag != 0 { return decoded[Int(capture & ~Self.decodedFlag)] }
        let start = Int(capture >> 32), end = Int(capture & 0xFFFF_FFFF)
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    private subscript(index: Int) -> UInt64 {
        switch index {
        case 0: return inline.0
        case 1: return inline.1
        case 2: return inline.2
        case 3: return inline.3
        default: return overflow[index - 4]
        }
    }
}
