import StrataHTTP
import FoundationEssentials

/// Reads the ISO 8601 dates that ``JSONValueEncoder`` writes, for use when decoding.
///
/// ```swift
/// let decoder = JSONDecoder()
/// decoder.dateDecodingStrategy = .custom { decoder in
///     let text = try decoder.singleValueContainer().decode(String.self)
///     guard let date = JSONDateParsing.parseISO8601(text) else {
///         throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "Not an ISO 8601 date: \(text)"))
///     }
///     return date
/// }
/// ```
public enum JSONDateParsing {
    /// Parses `YYYY-MM-DDTHH:MM:SS(.fraction)?(Z|±HH:MM)`, or returns `nil`.
    ///
    /// This is the RFC 3339 §5.6 `date-time`: `T` and `Z` may be lowercase (§5.6 NOTE), the
    /// fraction may have any number of digits (nanoseconds are kept), and the offset is
    /// subtracted to get UTC. Out-of-range fields (`2025-02-29`, `24:00:00`) are rejected, and
    /// so is the leap second `:60`, which `Date` cannot represent.
    public static func parseISO8601(_ s: String) -> Date? {
        var text = s
        return text.withUTF8 { parse($0) }
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        var cursor = 0
        func number(_ digits: Int) -> Int64? {
            guard cursor + digits <= bytes.count else { return nil }
            var value: Int64 = 0
            for _ in 0..<digits {
                let digit = bytes[cursor] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int64(digit)
                cursor += 1
            }
            return value
        }
        func expect(_ accepted: UInt8...) -> Bool {
            guard cursor < bytes.count, accepted.contains(bytes[cursor]) else { return false }
            cursor += 1
            return true
        }

        guard let year = number(4), expect(UInt8(ascii: "-")), let month = number(2), expect(UInt8(ascii: "-")),
              let day = number(2), expect(UInt8(ascii: "T"), UInt8(ascii: "t")),
              let hour = number(2), expect(UInt8(ascii: ":")), let minute = number(2), expect(UInt8(ascii: ":")),
              let second = number(2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= Int64(CivilCalendar.daysInMonth(Int(month), year: Int(year))),
              hour < 24, minute < 60, second < 60
        else { return nil }

        var nanoseconds: Int64 = 0
        if expect(UInt8(ascii: ".")) {
            let fractionStart = cursor
            var scale: Int64 = 100_000_000
            while cursor < bytes.count, case let digit = bytes[cursor] &- UInt8(ascii: "0"), digit < 10 {
                // Digits past the ninth are below a nanosecond; they are read and dropped.
                nanoseconds += Int64(digit) * scale
                scale /= 10
                cursor += 1
            }
            guard cursor > fractionStart else { return nil }
        }

        var offsetSeconds: Int64 = 0
        if expect(UInt8(ascii: "Z"), UInt8(ascii: "z")) {
            offsetSeconds = 0
        } else if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "+") || bytes[cursor] == UInt8(ascii: "-") {
            let sign: Int64 = bytes[cursor] == UInt8(ascii: "-") ? -1 : 1
            cursor += 1
            guard let offsetHour = number(2), expect(UInt8(ascii: ":")), let offsetMinute = number(2),
                  offsetHour < 24, offsetMinute < 60
            else { return nil }
            offsetSeconds = sign * (offsetHour * 3600 + offsetMinute * 60)
        } else {
            return nil
        }
        guard cursor == bytes.count else { return nil }

        let days = Int64(CivilCalendar.days(fromCivilYear: Int(year), month: Int(month), day: Int(day)))
        // RFC 3339 §4.2: local time = UTC + offset, so UTC = local − offset.
        let unixSeconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        // Relative to the reference date, so the fraction keeps all its precision in the Double.
        let referenceSeconds = unixSeconds - 978_307_200
        return Date(timeIntervalSinceReferenceDate: Double(referenceSeconds) + Double(nanoseconds) / 1e9)
    }
}
