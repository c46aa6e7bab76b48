import StrataHTTP

/// The checks of one layer's own policies, run once per layer when the app is built.
extension Resolver {
    /// Header names a layer may not set: the server frames messages, stamps the date and owns
    /// the connection, rendering sets the media type, and cookies have a model of their own.
    static let reservedHeaderNames: [String: String] = [
        "content-length": "the server computes it",
        "transfer-encoding": "the server frames responses",
        "connection": "the server manages connections",
        "date": "the server sends it",
        "content-type": "declare the media type with `mediaType:` on the handler or `defaultMediaType` on a layer",
        "set-cookie": "declare cookies with `cookies:` so they merge by key",
    ]

    /// What is wrong with one layer's own policies.
    static func problems(in policy: LayerPolicy) -> [String] {
        var problems: [String] = []
        for field in policy.headers {
            do {
                try HTTPHeaders.validate(name: field.name, value: field.value)
            } catch {
                problems.append(error.description)
                continue
            }
            if let reason = reservedHeaderNames[HTTPHeaders.normalizedName(field.name)] {
                problems.append("header \"\(field.name)\" cannot be set on a layer: \(reason)")
            }
        }
        if let ids = policy.requestIDs, ids.isEnabled {
            do {
                try HTTPHeaders.validate(name: ids.header, value: "0")
            } catch {
                problems.append("requestIDs: \(error.description)")
            }
        }
        if let cors = policy.cors, cors.isEnabled, case .failure(let invalid) = ResolvedCORS.resolve(cors) {
            problems += invalid.messages
        }
        if let limit = policy.rateLimit, limit.isEnabled {
            problems += limit.problems
        }
        if let csrf = policy.csrf, csrf.isEnabled {
            problems += csrf.problems
        }
        if let sessions = policy.sessions, sessions.isEnabled {
            problems += sessions.problems
        }
        if let compression = policy.compression, compression.isEnabled, case .failure(let invalid) = ResolvedCompression.resolve(compression) {
            problems += invalid.messages
        }
        if policy.cacheControl != nil && policy.headers.contains("Cache-Control") {
            problems.append("Cache-Control is set twice on one layer, as a header and as cacheControl")
        }
        if policy.etag != nil && policy.headers.contains("ETag") {
            problems.append("ETag is set twice on one layer, as a header and as etag")
        }
        do {
            try policy.cacheControl?.validate()
        } catch {
            problems.append("invalid cache-control: \(error)")
        }
        do {
            try policy.etag?.validate()
        } catch {
            problems.append("invalid ETag: \(error)")
        }
        var cookieKeys = Set<Cookie.Key>()
        for cookie in policy.cookies {
            do {
                try cookie.validate()
            } catch {
                problems.append(error.description)
            }
            if !cookieKeys.insert(cookie.key).inserted {
                problems.append("cookie \"\(cookie.name)\" is declared twice on one layer with the same domain and path")
            }
        }
        for parameter in policy.parameters {
            if let problem = parameter.problem { problems.append(problem) }
        }
        if let limit = policy.requestBodyLimit, limit < 0 {
            problems.append("requestBodyLimit is \(limit); it must be zero or more bytes")
        }
        return problems
    }
}
