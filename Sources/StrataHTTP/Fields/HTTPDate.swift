import FoundationEssentials

/// HTTP timestamps (RFC 9110 §5.6.7): writes IMF-fixdate, reads all three historical formats.
///
/// ```swift
/// HTTPDate.format(secondsSince1970: 784111777)   // "Sun, 06 Nov 1994 08:49:37 GMT"
/// HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT") // 1994-11-06 08:49:37 UTC
/// ```
///
/// The civil-date arithmetic is done here, in the proleptic Gregorian calendar, without
/// `Calendar` or `DateFormatter`: it is pure, allocation-light and cannot depend on a locale.
package enum HTTPDate {
    /// The earliest instant IMF-fixdate can write: `Sat, 01 Jan 0000 00:00:00 GMT`.
    ///
    /// RFC 9110 §5.6.7 gives the year as `4DIGIT`; `format` clamps earlier instants to this.
    package static let earliestSecondsSince1970 = -62_167_219_200

    /// The latest instant IMF-fixdate can write: `Fri, 31 Dec 9999 23:59:59 GMT`.
    ///
    /// `format` clamps later instants to this.
    package static let latestSecondsSince1970 = 253_402_300_799

    // MARK: Formatting

    /// The IMF-fixdate for `date`, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
    ///
    /// Fractions of a second are dropped (rounded toward the past, so the written second is
    /// the one `date` lies in). Instants outside years 0000...9999 are clamped to that range;
    /// a NaN date is written as the epoch.
    package static func format(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        guard !seconds.isNaN else { return format(secondsSince1970: 0) }
        // Clamp as a Double first: converting an out-of-range Double to Int would trap.
        if seconds <= Double(earliestSecondsSince1970) {
            return format(secondsSince1970: earliestSecondsSince1970)
        }
        if seconds >= Double(latestSecondsSince1970) {
            return format(secondsSince1970: latestSecondsSince1970)
        }
        return format(secondsSince1970: Int(seconds.rounded(.down)))
    }

    /// The IMF-fixdate for a count of seconds since 1970-01-01 00:00:00 UTC (may be negative).
    ///
    /// `format(secondsSince1970: 0) == "Thu, 01 Jan 1970 00:00:00 GMT"`. Values outside years
    /// 0000...9999 are clamped to that range, because the year has exactly four digits.
    package static func format(secondsSince1970: Int) -> String {
        let seconds = min(max(secondsSince1970, earliestSecondsSince1970), latestSecondsSince1970)
        let (days, secondOfDay) = CivilCalendar.floorDivision(seconds, 86_400)
        let (year, month, day) = CivilCalendar.civil(fromDays: days)
        let weekday = CivilCalendar.weekday(fromDays: days)

        var bytes: [UInt8] = []
        bytes.reserveCapacity(29)
        bytes.append(contentsOf: shortDayNames[weekday])
        bytes.append(contentsOf: ", ".utf8)
        appendDigits(day, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: " "))
        bytes.append(contentsOf: monthNames[month - 1])
        bytes.append(UInt8(ascii: " "))
        appendDigits(year, count: 4, to: &bytes)
        bytes.append(UInt8(ascii: " "))
        appendDigits(secondOfDay / 3600, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay / 60 % 60, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay % 60, count: 2, to: &bytes)
        bytes.append(contentsOf: " GMT".utf8)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func appendDigits(_ value: Int, count: Int, to bytes: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<count { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }

    // RFC 9110 §5.6.7: day and month names are case-sensitive.
    static let shortDayNames: [[UInt8]] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].map { Array($0.utf8) }
    static let longDayNames: [[UInt8]] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
        .map { Array($0.utf8) }
    static let monthNames: [[UInt8]] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        .map { Array($0.utf8) }
}
