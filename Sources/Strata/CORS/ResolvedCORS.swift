import StrataHTTP

/// A ``CORS`` policy checked and prepared when the app is built: origins parsed into exact
/// ones and subdomain patterns, the fields it sends written once.
struct ResolvedCORS: Sendable {
    let origins: OriginList
    let methods: Set<HTTPMethod>?
    /// Lowercased names; `nil` allows any.
    let headers: Set<String>?
    let exposedHeaders: String?
    let allowsCredentials: Bool
    let maxAge: String?
    /// Whether the answer to an actual request does not depend on its origin (`*`): the one
    /// case without `Vary: Origin`.
    var isUniform: Bool { origins.allowsAny && !allowsCredentials }

    /// The policy, or what is wrong with it.
    static func resolve(_ cors: CORS) -> Result<ResolvedCORS, CORSProblems> {
        let origins: OriginList
        switch cors.origins {
        case .any: origins = .any
        case .list(let list): origins = OriginList(list)
        }
        var problems = origins.problems(policy: "cors")
        var headers: Set<String>?
        if case .list(let names) = cors.headers {
            headers = []
            for name in names {
                if HTTPToken.isValid(name) { headers?.insert(name.lowercased()) } else { problems.append("cors: \"\(name)\" is not a header name") }
            }
        }
        for name in cors.exposedHeaders where !HTTPToken.isValid(name) {
            problems.append("cors: exposed header \"\(name)\" is not a header name")
        }
        if let maxAge = cors.maxAge, maxAge < 0 {
            problems.append("cors: maxAge \(maxAge) is negative")
        }
        guard problems.isEmpty else { return .failure(CORSProblems(messages: problems)) }
        return .success(ResolvedCORS(
            origins: origins, methods: cors.methods.map(Set.init),
            headers: headers, exposedHeaders: cors.exposedHeaders.isEmpty ? nil : cors.exposedHeaders.joined(separator: ", "),
            allowsCredentials: cors.allowsCredentials, maxAge: cors.maxAge.map(String.init)))
    }

    /// Whether `origin` (an `Origin` field's value) may read responses.
    func allows(origin: String) -> Bool {
        origins.contains(origin)
    }

    /// The `Access-Control-Allow-Origin` value for an allowed origin.
    func allowOriginValue(for origin: String) -> String {
        isUniform ? "*" : origin
    }
}

/// What is wrong with a ``CORS`` policy, for the build error.
struct CORSProblems: Error {
    let messages: [String]
}
