import FoundationEssentials
import StrataCodecs
import StrataHTTP

/// An operation's responses: the success by return type, the errors it can produce.
extension OpenAPIDocumentBuilder {
    mutating func responses(_ route: RouteDescription, inputs: [InputDeclaration]) -> [String: JSONValue] {
        let entry = route.entry
        var responses: [String: JSONValue] = [:]
        let (content, extraHeaders, statusKey, others) = successContent(route)
        let description: String
        switch statusKey {
        case "3XX": description = "A redirect."
        case "default": description = "The response the handler makes."
        default: description = HTTPStatus(code: Int(statusKey) ?? 200).reasonPhrase
        }
        var success: [String: JSONValue] = ["description": .string(description)]
        if !content.isEmpty { success["content"] = .object(content) }
        var headers = layeredHeaders(entry.policy)
        headers.merge(extraHeaders) { _, own in own }
        if !headers.isEmpty { success["headers"] = .object(headers) }
        // A handler that builds its own `Response` sets its status there; when the route
        // documents its successes, the default status is not one of them.
        let documentsOwnSuccess = route.handler.outputType == Response.self && route.handler.status == nil
            && entry.policy.documentation.responses.contains { $0.status.isSuccess || (300...399).contains($0.status.code) }
        if !documentsOwnSuccess { responses[statusKey] = .object(success) }
        responses.merge(others) { own, _ in own }

        if entry.method == .get, entry.policy.etag != nil || entry.policy.computesETag {
            responses["304"] = .object(["description": "Not Modified: the client's copy, named by If-None-Match, is current."])
        }
        let decodes = inputs.contains { input in
            switch input.source {
            case .body, .query, .header, .cookie: return true
            case .path(let name):
                // A typed template segment matched only values of its type, which convert.
                return !route.template.segments.contains { segment in
                    guard case .parameter(name, let type) = segment else { return false }
                    return (type == .int && input.valueType == Int.self) || (type == .uuid && input.valueType == UUID.self)
                        || (type == .float && input.valueType == Double.self)
                }
            case .dependency, .context: return false
            }
        }
        if decodes {
            responses["400"] = problem("Bad Request: an input is missing or does not decode; `errors` lists each.", validation: true)
            let validates = inputs.contains { input in
                switch input.source {
                case .body, .query: return isValidatable(input.valueType)
                default: return false
                }
            }
            if validates {
                responses["422"] = problem("Unprocessable Content: inputs decode but break their rules; `errors` lists each.", validation: true)
            }
        }
        if route.template.segments.contains(where: { if case .parameter = $0 { return true } else { return false } }) {
            responses["404"] = problem("Not Found: no resource has these path parameters.")
        }
        if inputs.contains(where: { if case .body = $0.source { return true } else { return false } }) {
            responses["413"] = problem("Content Too Large: the content is over \(entry.policy.requestBodyLimit) bytes.")
            responses["415"] = problem("Unsupported Media Type: the Content-Type is missing or not one the operation accepts.")
        }
        if entry.streamsBody {
            responses["413"] = problem("Content Too Large: the content is over \(entry.policy.requestBodyLimit) bytes.")
        }
        if entry.checksCrossSiteForgery {
            responses["403"] = problem("Forbidden: a browser reports the request came from another site's page (CSRF).")
        }
        if let limit = entry.policy.rateLimit {
            // Every refusal carries when to come back; the client reads the fields.
            var tooMany = problem("Too Many Requests: over \(limit.requests) requests in \(limit.window) for this client.")
            if case .object(var members) = tooMany {
                members["headers"] = .object([
                    "Retry-After": .object(["description": "Seconds until a request will be taken.", "schema": .object(["type": "integer"])]),
                    "RateLimit": .object(["description": "The remaining quota and when more comes (IETF draft).", "schema": .object(["type": "string"])]),
                    "RateLimit-Policy": .object(["description": "The quota per window (IETF draft).", "schema": .object(["type": "string"])]),
                ])
                tooMany = .object(members)
            }
            responses["429"] = tooMany
        }
        for status in entry.policy.guards.flatMap(\.refusals) where responses[String(status.code)] == nil {
            responses[String(status.code)] = problem("\(status.reasonPhrase): refused by a guard (\(entry.policy.guards.filter { $0.refusals.contains(status) }.map(\.name).joined(separator: ", "))).")
        }
        for documented in entry.policy.documentation.responses {
            responses[String(documented.status.code)] = response(documented, route: route)
        }
        return responses
    }

    /// The success response's content, the headers it implies and its status, by what the
    /// handler returns.
    /// The success response's content, the headers it implies, its key in `responses` (a
    /// status, `3XX`, or `default` where the handler's value decides the status) and other
    /// responses the return type gives.
    func successContent(_ route: RouteDescription)
        -> (content: [String: JSONValue], headers: [String: JSONValue], statusKey: String, others: [String: JSONValue]) {
        let entry = route.entry
        let type = route.handler.outputType
        let mediaType = entry.mediaType?.essence
        // The tuple forms return their status with the value.
        let statusKey = route.handler.returnsStatus && route.handler.status == nil ? "default" : String(entry.status.code)
        if entry.policy.responseClass != nil {
            // A response class writes what it likes; its media type is the route's hint.
            return ([(mediaType ?? "*/*"): .object([:])], [:], statusKey, [:])
        }
        switch route.handler.shape {
        case .empty, .opaque:
            return ([:], [:], statusKey, [:])
        case .text:
            return ([mediaType ?? "text/plain": .object(["schema": ["type": "string"]])], [:], statusKey, [:])
        case .bytes:
            return ([mediaType ?? "application/octet-stream": .object([:])], [:], statusKey, [:])
        case .encodable:
            return ([mediaType ?? "application/json": .object(["schema": schemas.schema(for: type).json])], [:], statusKey, [:])
        case .convertible:
            if let describing = type as? any ResponseDescribing.Type {
                let description = describing.openAPIResponse(declaredStatus: route.handler.status, mediaType: entry.mediaType)
                var content: [String: JSONValue] = [:]
                if let (type, schema) = description.content {
                    content[type] = schema.map { JSONValue.object(["schema": $0.json]) } ?? .object([:])
                }
                return (content, description.headers, description.statusKey ?? statusKey, description.otherResponses)
            }
            // A `Response` (or a type of your own) carries its status.
            return ([:], [:], route.handler.status.map { String($0.code) } ?? "default", [:])
        }
    }

    /// The layered headers and cookies every response carries, and the documented ones.
    func layeredHeaders(_ policy: ResolvedPolicy) -> [String: JSONValue] {
        var headers: [String: JSONValue] = [:]
        for field in policy.headers {
            headers[field.name] = .object(["required": true, "schema": .object(["type": "string", "const": .string(field.value)])])
        }
        for documented in policy.documentedHeaders {
            var header: [String: JSONValue] = ["schema": ["type": "string"]]
            if !documented.description.isEmpty { header["description"] = .string(documented.description) }
            if documented.isRequired { header["required"] = true }
            headers[documented.name] = .object(header)
        }
        let cookies = policy.cookies.map { "`\($0.name)`" } + policy.documentedCookies.map { cookie in
            cookie.description.isEmpty ? "`\(cookie.name)`" : "`\(cookie.name)` (\(cookie.description))"
        }
        if !cookies.isEmpty {
            headers["Set-Cookie"] = .object(["description": .string("Sets the cookies " + cookies.joined(separator: ", ") + "."),
                                             "schema": ["type": "string"]])
        }
        return headers
    }

    mutating func problem(_ description: String, validation: Bool = false) -> JSONValue {
        // Most routes share their problem responses: one value each, not one per route.
        let key = validation ? "v" + description : description
        if let known = problems[key] { return known }
        let problem = JSONValue.object(["description": .string(description),
                 "content": .object([MediaType.problemJSON.essence: .object(["schema": schemas.schema(for: validation ? ValidationProblem.self : ProblemDetails.self).json])])])
        problems[key] = problem
        return problem
    }

    func response(_ documented: DocumentedResponse, route: RouteDescription) -> JSONValue {
        var response: [String: JSONValue] = ["description": .string(documented.description)]
        let schema: JSONSchema?
        switch documented.content {
        case .none: schema = nil
        case .schema(let value): schema = value
        case .type(let describe): schema = describe(schemas)
        }
        if documented.status.isSuccess, documented.mediaType == nil, schema == nil {
            // The route's own content, under another status — if that status has content.
            let (content, headers, _, _) = successContent(route)
            if !content.isEmpty, documented.status.allowsContent { response["content"] = .object(content) }
            if !headers.isEmpty { response["headers"] = .object(headers) }
            return .object(response)
        }
        if documented.status.isSuccess {
            let headers = layeredHeaders(route.entry.policy)
            if !headers.isEmpty { response["headers"] = .object(headers) }
        }
        let isError = documented.status.isClientError || documented.status.isServerError
        let mediaType = documented.mediaType?.essence ?? (isError ? MediaType.problemJSON.essence : route.entry.mediaType?.essence)
        let contentSchema = schema ?? (isError && documented.mediaType == nil ? schemas.schema(for: ProblemDetails.self) : nil)
        if let mediaType, documented.status.allowsContent {
            response["content"] = .object([mediaType: contentSchema.map { .object(["schema": $0.json]) } ?? .object([:])])
        }
        return .object(response)
    }
}
