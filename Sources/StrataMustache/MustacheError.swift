/// Why a Mustache template could not be loaded, parsed or rendered, and where.
///
/// The description reads `template "users/show" line 12: section "items" opened on line 4
/// is closed by "item"`; without a line it is `template "users/show": …`, and without a
/// template just the problem (`no template named "x" in Templates`).
public struct MustacheError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The name of the template at fault, or `nil` when the problem is not inside one.
    public let template: String?
    /// The 1-based line of the tag at fault, or `nil` when the problem has no position.
    public let line: Int?
    /// What is wrong, without the location.
    public let problem: String

    /// An error about `template` at `line`.
    public init(template: String?, line: Int?, problem: String) {
        self.template = template
        self.line = line
        self.problem = problem
    }

    /// The location, then the problem.
    public var description: String {
        switch (template, line) {
        case let (template?, line?):
            return "template \"\(template)\" line \(line): \(problem)"
        case let (template?, nil):
            return "template \"\(template)\": \(problem)"
        case (nil, _):
            return problem
        }
    }
}
