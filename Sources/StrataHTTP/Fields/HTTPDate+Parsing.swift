import FoundationEssentials

extension HTTPDate {
    /// Reads an HTTP timestamp in any of the three formats RFC 9110 §5.6.7 requires recipients
    /// to accept, or returns `nil` if `string` is not exactly one of them.
    ///
    /// ```swift
    /// HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT")  // IMF-fixdate
    /// HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT") // obsolete RFC 850
    /// HTTPDate.parse("Sun Nov  6 08:49:37 1994")       // obsolete asctime
    /// ```
    ///
    /// Parsing is strict: day and month names are case-sensitive, fields have their exact
    /// widths, `GMT` is required where the grammar has it, no surrounding whitespace is
    /// allowed, and every field is range-checked (day within its month, hour 0...23,
    /// minute 0...59, second 0...60). A leap second `:60` is accepted and read as the
    /// first second of the next minute, since `Date` has no leap seconds.
    ///
    /// The weekday is checked to be a valid name but not to match the date: RFC 9110 §5.6.7
    /// lets recipients ignore it, and rejecting a cookie or cache entry over it helps no one.
    ///
    /// - Parameter now: the present, used only for RFC 850's two-digit year: a year that
    ///   would be more than 50 years after `now` is the most recent past year with those
    ///   digits (RFC 9110 §5.6.7). Inject it to make parsing deterministic.
    package static func parse(_ string: String, now: Date = Date()) -> Date? {
        let bytes = Array(string.utf8)
        guard bytes.count >= 24 else { return nil }
        let fields: Fields?
        switch bytes[3] {
        case UInt8(ascii: ","): fields = parseIMFFixdate(bytes)
        case UInt8(ascii: " "): fields = parseAsctime(bytes)
        default: fields = parseRFC850(bytes, now: now)
        }
        guard let fields, fields.isValid else { return nil }
        let days = CivilCalendar.days(fromCivilYear: fields.year, month: fields.month, day: fields.day)
        let seconds = days * 86_400 + fields.hour * 3600 + fields.minute * 60 + fields.second
        return Date(timeIntervalSince1970: Double(seconds))
    }

    /// The broken-down fields of a timestamp, before range checks.
    private struct Fields {
        var year: Int, month: Int, day: Int
        var hour: Int, minute: Int, second: Int

        var isValid: Bool {
            (1...12).contains(month) && (1...CivilCalendar.daysInMonth(month, year: year)).contains(day)
                && (0...23).contains(hour) && (0...59).contains(minute) && (0...60).contains(second)
        }
    }

    /// `Sun, 06 Nov 1994 08:49:37 GMT`: day-name "," SP 2DIGIT SP month SP 4DIGIT SP time SP "GMT".
    private static func parseIMFFixdate(_ b: [UInt8]) -> Fields? {
        guard b.count == 29,
              name(in: b, at: 0, length: 3, from: shortDayNames) != nil,
              b[4] == space,
              let day = digits(b, at: 5, count: 2), b[7] == space,
              let month = month(b, at: 8), b[11] == space,
              let year = digits(b, at: 12, count: 4), b[16] == space,
              let (hour, minute, second) = timeOfDay(b, at: 17), b[25] == space,
              matches(b, at: 26, "GMT")
        else { return nil }
        return Fields(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// `Sunday, 06-Nov-94 08:49:37 GMT`: day-name-l "," SP 2DIGIT "-" month "-" 2DIGIT SP time SP "GMT".
    private static func parseRFC850(_ b: [UInt8], now: Date) -> Fields? {
        guard let comma = b.firstIndex(of: UInt8(ascii: ",")), b.count == comma + 24,
              name(in: b, at: 0, length: comma, from: longDayNames) != nil,
              b[comma + 1] == space,
              let day = digits(b, at: comma + 2, count: 2), b[comma + 4] == UInt8(ascii: "-"),
              let month = month(b, at: comma + 5), b[comma + 8] == UInt8(ascii: "-"),
              let twoDigitYear = digits(b, at: comma + 9, count: 2), b[comma + 11] == space,
              let (hour, minute, second) = timeOfDay(b, at: comma + 12), b[comma + 20] == space,
              matches(b, at: comma + 21, "GMT")
        else { return nil }
        let year = fourDigitYear(twoDigitYear, now: now)
        return Fields(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// `Sun Nov  6 08:49:37 1994`: day-name SP month SP ( 2DIGIT / SP DIGIT ) SP time SP 4DIGIT.
    private static func parseAsctime(_ b: [UInt8]) -> Fields? {
        guard b.count == 24,
              name(in: b, at: 0, length: 3, from: shortDayNames) != nil,
              let month = month(b, at: 4), b[7] == space,
              let day = b[8] == space ? digits(b, at: 9, count: 1) : digits(b, at: 8, count: 2),
              b[10] == space,
              let (hour, minute, second) = timeOfDay(b, at: 11), b[19] == space,
              let year = digits(b, at: 20, count: 4)
        else { return nil }
        return Fields(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// RFC 9110 §5.6.7: a two-digit year more than 50 years after `now` is the most recent
    /// past year with those digits — so the year is the one in `now-49 ... now+50`.
    static func fourDigitYear(_ twoDigitYear: Int, now: Date) -> Int {
        let interval = now.timeIntervalSince1970
        let clamped = interval.isNaN
            ? 0
            : min(max(interval, Double(earliestSecondsSince1970)), Double(latestSecondsSince1970))
        let currentYear = CivilCalendar.civil(fromDays: CivilCalendar.floorDivision(Int(clamped), 86_400).quotient).year
        var offset = CivilCalendar.floorDivision(twoDigitYear - currentYear, 100).remainder
        if offset > 50 { offset -= 100 }
        return currentYear + offset
    }

    // MARK: Byte helpers

    private static let space = UInt8(ascii: " ")

    /// `hour ":" minute ":" second`, each 2DIGIT (8 bytes); ranges are checked by `Fields`.
    private static func timeOfDay(_ b: [UInt8], at start: Int) -> (Int, Int, Int)? {
        guard let hour = digits(b, at: start, count: 2), b[start + 2] == UInt8(ascii: ":"),
              let minute = digits(b, at: start + 3, count: 2), b[start + 5] == UInt8(ascii: ":"),
              let second = digits(b, at: start + 6, count: 2)
        else { return nil }
        return (hour, minute, second)
    }

    /// The value of exactly `count` ASCII digits at `start`, or nil if any byte is not a digit.
    private static func digits(_ b: [UInt8], at start: Int, count: Int) -> Int? {
        guard start >= 0, start + count <= b.count else { return nil }
        var value = 0
        for byte in b[start..<start + count] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// The month number 1...12 of the three-letter, case-sensitive month name at `start`.
    private static func month(_ b: [UInt8], at start: Int) -> Int? {
        name(in: b, at: start, length: 3, from: monthNames).map { $0 + 1 }
    }

    /// The index in `names` of the name exactly filling `b[start..<start+length]`.
    private static func name(in b: [UInt8], at start: Int, length: Int, from names: [[UInt8]]) -> Int? {
        guard start + length <= b.count else { return nil }
        let slice = b[start..<start + length]
        return names.firstIndex { $0.elementsEqual(slice) }
    }

    private static func matches(_ b: [UInt8], at start: Int, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard start + count <= b.count else { return false }
        return literal.withUTF8Buffer { $0.elementsEqual(b[start..<start + count]) }
    }
}
