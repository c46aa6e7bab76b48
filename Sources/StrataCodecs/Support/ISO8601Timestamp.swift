import FoundationEssentials
import StrataHTTP

/// A `Date` as the ISO 8601 UTC timestamp Strata writes in JSON and templates —
/// `2026-11-23T11:36:13Z`, with `.SSS` only when the milliseconds are not zero — rounded to
/// the nearest millisecond. Years outside 0000–9999 have no such form: RFC 3339 §5.6 has
/// exactly four year digits.
package struct ISO8601Timestamp {
    package let year: Int, month: Int, day: Int
    package let hour: Int, minute: Int, second: Int, millisecond: Int

    /// `nil` for a date outside the years 0000–9999.
    package init?(_ date: Date) {
        // From the reference date, which is what `Date` stores, so rounding loses nothing more.
        let referenceMilliseconds = (date.timeIntervalSinceReferenceDate * 1000).rounded()
        let unixOffset = 978_307_200_000
        let range = Double(-62_167_219_200_000 - unixOffset)...Double(253_402_300_799_999 - unixOffset)
        guard range.contains(referenceMilliseconds) else { return nil }
        let (seconds, millisecond) = CivilCalendar.floorDivision(Int(referenceMilliseconds) + unixOffset, 1000)
        let (days, secondOfDay) = CivilCalendar.floorDivision(seconds, 86_400)
        (year, month, day) = CivilCalendar.civil(fromDays: days)
        hour = secondOfDay / 3600
        minute = secondOfDay / 60 % 60
        second = secondOfDay % 60
        self.millisecond = millisecond
    }

    /// The error for a date that has no timestamp.
    package static func outOfRange(_ date: Date, codingPath: [any CodingKey]) -> EncodingError {
        EncodingError.invalidValue(date, EncodingError.Context(
            codingPath: codingPath,
            debugDescription: "Date \(date.timeIntervalSince1970)s since 1970 is outside the years 0000–9999 "
                + "that ISO 8601 writes with four digits."
        ))
    }

    /// The timestamp as text.
    package var text: String {
        func padded(_ value: Int, _ digits: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, digits - text.count)) + text
        }
        var text = padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
        text += "T" + padded(hour, 2) + ":" + padded(minute, 2) + ":" + padded(second, 2)
        if millisecond != 0 { text += "." + padded(millisecond, 3) }
        return text + "Z"
    }
}
