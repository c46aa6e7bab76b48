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
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(month, year: year),
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

        let days = daysSince1970(year: year, month: month, day: day)
        // RFC 3339 §4.2: local time = UTC + offset, so UTC = local − offset.
        let unixSeconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        // Relative to the reference date, so the fraction keeps all its precision in the Double.
        let referenceSeconds = unixSeconds - 978_307_200
        return Date(timeIntervalSinceReferenceDate: Double(referenceSeconds) + Double(nanoseconds) / 1e9)
    }

    // MARK: Proleptic Gregorian arithmetic (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms")

    /// Days from 1970-01-01 to the given date; negative before it.
    static func daysSince1970(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        // Eras of 400 years start on March 1st, so the leap day ends each era's year.
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The year, month (1–12) and day (1–31) that lie `days` days after 1970-01-01.
    static func civilDate(daysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysInMonth(_ month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Division rounding toward negative infinity, with a remainder that is never negative.
    static func floorDivide(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let quotient = value / divisor
        let remainder = value % divisor
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }
}
