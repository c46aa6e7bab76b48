/// Why an app could not be built: every problem found, each naming the route or layer.
///
/// ```
/// Strata could not build the app (2 problems):
///   GET /users/{id:int}: duplicate route: GET /users/{id:int} is already declared as GET /users/{uid:int}
///   router "/api" (affects GET /api/items): header "X-Bad" has a value with a control character (byte 0xA)
/// ```
public struct AppBuildError: Error, Sendable, CustomStringConvertible {
    /// One misconfiguration.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// The route (`GET /api/users`) or layer (`router "/api"`) at fault.
        public let location: String
        /// What is wrong.
        public let message: String

        /// `location: message`, e.g. `GET /users: duplicate route: …`.
        public var description: String { "\(location): \(message)" }
    }

    /// Every problem, in declaration order.
    public let problems: [Problem]

    /// A count, then one problem per line.
    public var description: String {
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return "Strata could not build the app (\(count)):\n" + problems.map { "  \($0)" }.joined(separator: "\n")
    }
}
