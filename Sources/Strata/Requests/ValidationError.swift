import StrataCodecs
import StrataHTTP

/// Every problem found in a request's inputs, answered as one problem document:
/// 400 when a value does not decode, 422 when every value decodes but some break a rule.
///
/// The document lists the issues under `errors`, at most ``ValidationError/listedIssueLimit``
/// of them; when there are more, `omittedErrors` counts the rest and `detail` says so.
public struct ValidationError: Error, Sendable, HTTPErrorConvertible, CustomStringConvertible {
    /// The issues listed, in the order found.
    public var issues: [FieldIssue]
    /// How many more issues were found than listed.
    public var omittedCount: Int
    /// Whether some value did not decode (400), rather than only breaking rules (422).
    public var hasDecodingIssues: Bool

    /// The most issues one response lists: enough for any form a person fills in, and a
    /// bound on the work and the bytes a hostile body can cause.
    public static let listedIssueLimit = 100

    /// An error for `issues`.
    public init(issues: [FieldIssue], omittedCount: Int = 0, hasDecodingIssues: Bool) {
        self.issues = issues
        self.omittedCount = omittedCount
        self.hasDecodingIssues = hasDecodingIssues
    }

    public var httpError: HTTPError {
        let count = issues.count + omittedCount
        var detail = count == 1 ? "1 input is invalid." : "\(count) inputs are invalid."
        if omittedCount > 0 {
            detail += " The first \(issues.count) are listed; \(omittedCount) more are not."
        }
        var extensions: [String: JSONValue] = ["errors": .array(issues.map(\.jsonValue))]
        if omittedCount > 0 { extensions["omittedErrors"] = .int(omittedCount) }
        return HTTPError(hasDecodingIssues ? .badRequest : .unprocessableContent, detail: detail, extensions: extensions)
    }

    public var description: String {
        issues.map { "\($0.location) \($0.field): \($0.message)" }.joined(separator: "; ")
    }
}

/// The issues found while resolving one request's inputs, capped as they are collected so a
/// body of a million bad fields costs no more memory than a hundred.
struct InputIssues {
    private(set) var listed: [FieldIssue] = []
    private(set) var omitted = 0
    private(set) var hasDecodingIssues = false

    var isEmpty: Bool { listed.isEmpty && omitted == 0 }
    var count: Int { listed.count + omitted }

    mutating func add(_ issue: FieldIssue, decoding: Bool) {
        if decoding { hasDecodingIssues = true }
        if listed.count < ValidationError.listedIssueLimit {
            listed.append(issue)
        } else {
            omitted += 1
        }
    }

    mutating func append(contentsOf other: InputIssues) {
        if other.hasDecodingIssues { hasDecodingIssues = true }
        for issue in other.listed {
            if listed.count < ValidationError.listedIssueLimit { listed.append(issue) } else { omitted += 1 }
        }
        omitted += other.omitted
    }

    var error: ValidationError {
        ValidationError(issues: listed, omittedCount: omitted, hasDecodingIssues: hasDecodingIssues)
    }
}
