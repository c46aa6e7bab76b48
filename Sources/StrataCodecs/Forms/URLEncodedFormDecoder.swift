import StrataHTTP

/// Decodes a `Decodable` type from a query string or an application/x-www-form-urlencoded body.
///
/// ```swift
/// enum Plan: String, Decodable { case free, pro }
/// struct Address: Decodable { var city: String; var zip: String }
/// struct Signup: Decodable {
///     var email: String
///     var age: Int?
///     var plan: Plan
///     var tags: [String]      // tags=a&tags=b, or tags[]=a&tags[]=b
///     var address: Address    // address[city]=Oslo&address[zip]=0150
/// }
/// let signup = try URLEncodedFormDecoder().decode(Signup.self, from: URLEncodedForm(parsing:
///     "email=a%40b.c&plan=pro&tags=a&tags=b&address[city]=Oslo&address[zip]=0150"))
/// ```
///
/// Values:
/// - `String`; `Bool` from `true/false/on/off/yes/no/1/0`, any case; every `Int`/`UInt`
///   width, range-checked; `Double`, `Float`, `Decimal` (plain decimal syntax, finite);
///   `UUID`; `URL`; `Date` as ISO 8601 (``JSONDateParsing/parseISO8601(_:)``) or a bare
///   `YYYY-MM-DD` (an HTML date input), read as midnight UTC. Numbers, booleans, UUIDs and
///   dates may have surrounding spaces; strings are kept exactly.
/// - A name given more than once is read as its LAST value by a single-value field, so the
///   hidden-input-before-checkbox idiom (`agree=off&agree=on`) works.
/// - Optionals: a missing name is `nil`, and so is an empty value for anything but `String`
///   (an empty number input sends `age=`); `String?` keeps `""`.
/// - Arrays (and sets) from repeated names, `name[]`, or `name[0]`, `name[1]`…; a missing
///   name is an empty array, since forms cannot send an empty list.
/// - Nested types and dictionaries from brackets, at any depth: `address[city]=Oslo`. A
///   missing dictionary is empty; a missing nested struct is `keyNotFound` unless optional.
/// - Enums with raw values, and anything else, through their own `init(from:)`.
///
/// Errors are `DecodingError`s whose coding path leads to the field, and whose description
/// names it as it appears in the form (`address[city]`), ready for a 400 response.
public struct URLEncodedFormDecoder: Sendable {
    /// A decoder; it has no options.
    public init() {}

    /// Decodes `type` from the pairs of `form`.
    public func decode<T: Decodable>(_ type: T.Type, from form: URLEncodedForm) throws -> T {
        try URLEncodedFormValues.unbox(T.self, from: URLEncodedFormNode(form), at: [])
    }

    /// Parses `string` as a query string or form body, then decodes `type` from it.
    ///
    /// Pass the query without its leading `?`.
    public func decode<T: Decodable>(_ type: T.Type, from string: String) throws -> T {
        try decode(type, from: URLEncodedForm(parsing: string))
    }
}
