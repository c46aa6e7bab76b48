import FoundationEssentials

extension TemplateValue {
    /// The tree of an `Encodable` value: keyed containers become objects, unkeyed ones arrays.
    ///
    /// ```swift
    /// struct Page: Encodable { var title: String; var tags: [String]; var author: String? }
    /// let context = try TemplateValue(encoding: Page(title: "Hi", tags: ["a"], author: nil))
    /// // ["title": "Hi", "tags": ["a"], "author": nil]
    /// ```
    /// - `nil` optionals become ``null`` rather than a missing key, so a template does not
    ///   find a same-named value from an outer context instead.
    /// - `Date` becomes an ISO 8601 UTC string (`2026-11-23T11:36:13Z`, `.SSS` when the
    ///   milliseconds are not 0); `URL` its `absoluteString`; `Decimal` its digits.
    /// - `Float` keeps its short text (`0.1`, not `0.100000001490116`).
    /// - A value that encodes nothing becomes an empty object.
    ///
    /// Throws `EncodingError.invalidValue` for an unsigned integer above `Int.max` or a date
    /// outside the years 0000–9999, and rethrows the value's own errors.
    public init<T: Encodable>(encoding value: T) throws {
        self = try TemplateValueEncoder(codingPath: []).convert(value)
    }

    /// The value for types whose `Encodable` form is not what a template should show.
    static func special(_ value: some Encodable, codingPath: [any CodingKey]) throws -> TemplateValue? {
        switch value {
        case let date as Date:
            return .string(try iso8601(date, codingPath: codingPath))
        case let url as URL:
            return .string(url.absoluteString)
        case let decimal as Decimal:
            return .string(decimal.description)
        default:
            return nil
        }
    }

    /// An ``int(_:)`` when `value` fits in `Int`.
    static func integer<T: BinaryInteger>(_ value: T, codingPath: [any CodingKey]) throws -> TemplateValue {
        guard let exact = Int(exactly: value) else {
            throw EncodingError.invalidValue(value, EncodingError.Context(
                codingPath: codingPath,
                debugDescription: "\(value) does not fit in Int, which TemplateValue.int holds"
            ))
        }
        return .int(exact)
    }

    /// A ``double(_:)`` that prints like the `Float` did.
    static func float(_ value: Float) -> TemplateValue {
        // Double(Float(0.1)) is 0.100000001490116…; reparsing the Float's shortest text keeps "0.1".
        .double(Double(value.description) ?? Double(value))
    }

    /// ISO 8601 in UTC, `2026-11-23T11:36:13Z`, with `.SSS` only when the milliseconds are not zero.
    ///
    /// Matches the form `JSONValueEncoder` writes, so a date reads the same in JSON and HTML.
    static func iso8601(_ date: Date, codingPath: [any CodingKey]) throws -> String {
        // From the reference date, which is what `Date` stores, so rounding loses nothing more.
        let referenceMilliseconds = (date.timeIntervalSinceReferenceDate * 1000).rounded()
        let unixOffset = 978_307_200_000
        // RFC 3339 §5.6: exactly four year digits, so 0000-01-01 through 9999-12-31.
        let range = Double(-62_167_219_200_000 - unixOffset)...Double(253_402_300_799_999 - unixOffset)
        guard range.contains(referenceMilliseconds) else {
            throw EncodingError.invalidValue(date, EncodingError.Context(
                codingPath: codingPath,
                debugDescription: "Date \(date.timeIntervalSince1970)s since 1970 is outside the years 0000–9999 "
                    + "that ISO 8601 writes with four digits."
            ))
        }
        let (seconds, millisecond) = floorDivision(Int(referenceMilliseconds) + unixOffset, 1000)
        let (days, secondOfDay) = floorDivision(seconds, 86_400)
        let (year, month, day) = civil(fromDays: days)
        var text = padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
        text += "T" + padded(secondOfDay / 3600, 2) + ":" + padded(secondOfDay / 60 % 60, 2)
        text += ":" + padded(secondOfDay % 60, 2)
        if millisecond != 0 {
            text += "." + padded(millisecond, 3)
        }
        return text + "Z"
    }

    private static func padded(_ value: Int, _ digits: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// Quotient rounded toward negative infinity, and a remainder that is never negative.
    private static func floorDivision(_ value: Int, _ divisor: Int) -> (Int, Int) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
    }

    /// Proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's
    /// `civil_from_days`, exact for every Int day that fits).
    private static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
