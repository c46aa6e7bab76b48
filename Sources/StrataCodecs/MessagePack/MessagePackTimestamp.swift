import FoundationEssentials

/// An instant as the MessagePack timestamp extension (type -1) stores it: whole seconds since
/// 1970-01-01T00:00:00Z and a nanosecond part in `0..<1_000_000_000`.
///
/// Spec "Timestamp extension type" defines three payloads, picked smallest-first:
/// - timestamp 32 (fixext 4): `uint32` seconds, when nanoseconds are 0 and seconds fit;
/// - timestamp 64 (fixext 8): `nanoseconds << 34 | seconds`, when `0 <= seconds < 2^34`;
/// - timestamp 96 (ext 8, length 12): `uint32` nanoseconds then `int64` seconds, otherwise
///   (including every instant before 1970).
struct MessagePackTimestamp: Hashable, Sendable {
    var seconds: Int64
    var nanoseconds: UInt32

    /// Seconds from 1970 to Foundation's reference date, 2001-01-01T00:00:00Z.
    private static let referenceDateOffset: Int64 = 978_307_200
    private static let nanosecondsPerSecond: UInt32 = 1_000_000_000

    init(seconds: Int64, nanoseconds: UInt32) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    /// The timestamp of `date`, rounded to the nearest nanosecond.
    ///
    /// Works from `timeIntervalSinceReferenceDate`, `Date`'s own storage, because
    /// `timeIntervalSince1970` adds 978 307 200 in floating point and rounds once more.
    init?(_ date: Date) {
        let interval = date.timeIntervalSinceReferenceDate
        guard interval.isFinite else { return nil }
        var whole = interval.rounded(.down)
        // Exact: `interval` and `whole` are within 1 of each other, so their difference is
        // representable (Sterbenz lemma), and the fraction is in [0, 1).
        var fraction = ((interval - whole) * 1e9).rounded()
        if fraction >= 1e9 {
            whole += 1
            fraction = 0
        }
        guard let referenceSeconds = Int64(exactly: whole) else { return nil }
        let (seconds, overflow) = referenceSeconds.addingReportingOverflow(Self.referenceDateOffset)
        guard !overflow else { return nil }
        self.init(seconds: seconds, nanoseconds: UInt32(fraction))
    }

    /// The `Date` for this timestamp (to `Double` precision: about 0.1 µs for dates today).
    var date: Date {
        let (referenceSeconds, overflow) = seconds.subtractingReportingOverflow(Self.referenceDateOffset)
        let whole = overflow ? Double(seconds) - Double(Self.referenceDateOffset) : Double(referenceSeconds)
        return Date(timeIntervalSinceReferenceDate: whole + Double(nanoseconds) / 1e9)
    }

    /// The ext payload in the smallest of the three forms that holds this timestamp.
    var payload: [UInt8] {
        if nanoseconds == 0, let seconds32 = UInt32(exactly: seconds) {
            return Self.bigEndianBytes(seconds32)
        }
        if seconds >= 0, seconds < 1 << 34 {
            return Self.bigEndianBytes(UInt64(nanoseconds) << 34 | UInt64(seconds))
        }
        return Self.bigEndianBytes(nanoseconds) + Self.bigEndianBytes(seconds)
    }

    /// Parses a timestamp ext payload of 4, 8 or 12 bytes; `nil` for any other length or a
    /// nanosecond field of a billion or more (spec: "must not be larger than 999999999").
    init?<Bytes: RandomAccessCollection>(payload: Bytes) where Bytes.Element == UInt8 {
        var bytes = payload.makeIterator()
        func next<I: FixedWidthInteger>(_: I.Type) -> I {
            var value: I = 0
            for _ in 0..<(I.bitWidth / 8) { value = value << 8 | I(truncatingIfNeeded: bytes.next() ?? 0) }
            return value
        }
        switch payload.count {
        case 4:
            self.init(seconds: Int64(next(UInt32.self)), nanoseconds: 0)
        case 8:
            let packed = next(UInt64.self)
            self.init(seconds: Int64(packed & ((1 << 34) - 1)), nanoseconds: UInt32(packed >> 34))
        case 12:
            let nanoseconds = next(UInt32.self)
            self.init(seconds: next(Int64.self), nanoseconds: nanoseconds)
        default:
            return nil
        }
        guard nanoseconds < Self.nanosecondsPerSecond else { return nil }
    }

    private static func bigEndianBytes<I: FixedWidthInteger>(_ value: I) -> [UInt8] {
        (0..<(I.bitWidth / 8)).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }
}
