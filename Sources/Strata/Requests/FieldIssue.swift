import StrataCodecs

/// One thing wrong with a request's input: where it is, which field, and what is wrong.
///
/// A validation problem lists them under `errors`:
/// `{"field":"year","location":"body","message":"must be between 1450 and 2100"}`.
public struct FieldIssue: Sendable, Hashable, Codable {
    /// Where a value comes from.
    public enum Location: String, Sendable, Hashable, Codable, CaseIterable {
        case body, query, header, cookie, path
    }

    /// Where the field is.
    public var location: Location
    /// The field: a coding path such as `items[2].name`, a header or cookie name, or a path
    /// parameter; empty for the content as a whole.
    public var field: String
    /// What is wrong, for the client.
    public var message: String

    /// An issue.
    public init(_ location: Location, field: String, message: String) {
        self.location = location
        self.field = field
        self.message = message
    }

    var jsonValue: JSONValue {
        .object(["location": .string(location.rawValue), "field": .string(field), "message": .string(message)])
    }
}
