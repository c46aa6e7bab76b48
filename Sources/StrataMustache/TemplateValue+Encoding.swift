import StrataCodecs
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
            guard let timestamp = ISO8601Timestamp(date) else { throw ISO8601Timestamp.outOfRange(date, codingPath: codingPath) }
            // The form `JSONValueEncoder` writes, so a date reads the same in JSON and HTML.
            return .string(timestamp.text)
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
}
