import StrataHTTP

/// Step 1 of ``ResolvedApp/finish(_:for:entry:)``: a response under its route's layers.
extension ResolvedApp {
    /// The wire form of `response` under `entry`'s policy: the response's own fields, then the
    /// layered ones it does not override. No header name or cookie key is sent twice.
    func finalize(_ response: Response, for request: Request, entry: RouteEntry, addingLayers: Bool = true) -> HTTPResponse {
        var response = response
        do {
            try normalize(&response, for: request)
        } catch {
            // RFC 9110 §5.5: a CR or LF would let a value start a new field. Refuse it whole.
            reportError(ErrorReport(source: .invalidResponse, error: error, route: entry.label))
            response = merged(ProblemDetails.response(for: HTTPError(.internalServerError)), for: request, entry: entry)
            return HTTPResponse(status: response.status, headers: Self.wireHeaders(response), body: .bytes(response.body))
        }
        return finalizeFields(response, for: request, entry: entry, addingLayers: addingLayers)
    }

    /// The fields of an already normalized response.
    private func finalizeFields(_ response: Response, for request: Request, entry: RouteEntry, addingLayers: Bool) -> HTTPResponse {
        let body = response.status.allowsContent ? response.content : .empty
        guard addingLayers else {
            return HTTPResponse(status: response.status, headers: Self.wireHeaders(response), body: body)
        }
        if response.defaultHeaders.isEmpty {
            // The common cases: the layered fields go out as the bytes encoded at build.
            let layered = entry.layeredFields(typed: response.usesRouteMediaType && response.status.allowsContent, status: response.status)
            if response.headers.isEmpty && response.cookies.isEmpty {
                return HTTPResponse(status: response.status, encodedFields: layered, body: body)
            }
            if !overrides(response, for: request, policy: entry.policy) {
                var http = HTTPResponse(status: response.status, headers: Self.wireHeaders(response), encodedFields: layered, body: body)
                // `normalize` checked the response's fields and cookies: the serializer need not.
                http.headersChecked = true
                return http
            }
        }
        return HTTPResponse(status: response.status, headers: Self.wireHeaders(merged(response, for: request, entry: entry)), body: body)
    }

    /// `response` with the route's layered headers and cookies merged in by key, the
    /// response's own winning — the one place the response-beats-layers rule is written.
    func merged(_ response: Response, for request: Request, entry: RouteEntry) -> Response {
        var full = response
        try? normalize(&full, for: request)
        let typed = full.usesRouteMediaType && full.status.allowsContent
        full.usesRouteMediaType = false
        if typed, let mediaType = entry.mediaType, entry.policy.responseClass == nil {
            full.headers.add("Content-Type", mediaType.description)
        }
        let ownNames = Set(full.headers.map { HTTPHeaders.normalizedName($0.name) })
        let ownKeys = cookieKeys(of: full, for: request)
        let etagApplies = entry.layeredETagApplies(to: full.status)
        for field in entry.policy.headers where !ownNames.contains(HTTPHeaders.normalizedName(field.name)) {
            if !etagApplies && HTTPHeaders.namesEqual(field.name, "ETag") { continue }
            full.headers.add(field.name, field.value)
        }
        full.cookies += entry.policy.cookies.filter { !ownKeys.contains($0.effectiveKey(requestPath: request.path)) }
        // A container's defaults (an event stream's `no-cache`) fill in what neither the
        // response nor a layer set.
        for field in full.defaultHeaders where !full.headers.contains(field.name) {
            full.headers.add(field.name, field.value)
        }
        full.defaultHeaders = [:]
        return full
    }

    /// Readies a response's own fields for the wire: drops what the transport owns, keeps one
    /// cookie per key, and throws for a status, header or cookie that may not be written.
    private func normalize(_ response: inout Response, for request: Request) throws {
        guard (200...599).contains(response.status.code) || (response.status == .switchingProtocols && request.context[WebSocketSlot.Key.self]?.isFilled == true) else {
            // 1xx are interim responses; a client would wait for the final one forever. A
            // WebSocket's 101 is the one that ends HTTP on the connection.
            throw MisuseError("status \(response.status.code) cannot be a final response")
        }
        // One pass over the fields validates them and finds whether any is the transport's, a
        // Content-Type or a raw Set-Cookie, each told by its name's length and then its bytes.
        var special = false, rawCookies = false
        // By index: a `for field in` loop copies each field's two strings out and releases them.
        let fields = response.headers.fields
        for index in fields.indices {
            switch Self.specialField(fields[index].name) {
            case .transportOrContentType:
                // Checked below, if it stays: the transport's own are dropped unread.
                special = true
                continue
            case .setCookie: rawCookies = true
            case .none: break
            }
            try HTTPHeaders.validate(name: fields[index].name, value: fields[index].value)
        }
        if special {
            for name in Self.transportFields where response.headers.contains(name) {
                // RFC 9110 §7.8: `Upgrade` belongs on a 101 and a 426, which name the protocol.
                if name == "Upgrade" && (response.status == .switchingProtocols || response.status == .upgradeRequired) { continue }
                response.headers.remove(name)
            }
            if response.headers.contains("Content-Type") {
                response.usesRouteMediaType = false
            }
            for field in response.headers where Self.specialField(field.name) == .transportOrContentType {
                try HTTPHeaders.validate(name: field.name, value: field.value)
            }
        }
        guard !response.cookies.isEmpty || rawCookies else { return }
        var seen = Set<Cookie.Key>()
        var unique: [Cookie] = []
        // The last cookie set for a key wins, as `setCookie` would have it.
        for cookie in response.cookies.reversed() where seen.insert(cookie.effectiveKey(requestPath: request.path)).inserted {
            try cookie.validate()
            unique.append(cookie)
        }
        response.cookies = unique.reversed()
        // A raw Set-Cookie field for a key a modelled cookie also sets is dropped.
        if rawCookies {
            let raw = response.headers.values(for: "Set-Cookie")
            let kept = raw.filter { value in
                guard let cookie = Cookie.parse(setCookie: value) else { return true }
                return seen.insert(cookie.effectiveKey(requestPath: request.path)).inserted
            }
            response.headers.remove("Set-Cookie")
            for value in kept { response.headers.add("Set-Cookie", value) }
        }
    }

    /// Whether the response sets a header name or cookie key that a layer also sets.
    private func overrides(_ response: Response, for request: Request, policy: ResolvedPolicy) -> Bool {
        if !policy.headerNames.isEmpty && response.headers.contains(where: { policy.headerNames.contains(HTTPHeaders.normalizedName($0.name)) }) {
            return true
        }
        guard !policy.cookies.isEmpty else { return false }
        let own = cookieKeys(of: response, for: request)
        return !own.isEmpty && policy.cookies.contains { own.contains($0.effectiveKey(requestPath: request.path)) }
    }

    /// The keys of the cookies a response sets, modelled or as raw `Set-Cookie` fields.
    private func cookieKeys(of response: Response, for request: Request) -> Set<Cookie.Key> {
        var keys = Set(response.cookies.map { $0.effectiveKey(requestPath: request.path) })
        for value in response.headers.values(for: "Set-Cookie") {
            if let cookie = Cookie.parse(setCookie: value) { keys.insert(cookie.effectiveKey(requestPath: request.path)) }
        }
        return keys
    }

    /// The response's headers followed by its cookies as `Set-Cookie` fields.
    private static func wireHeaders(_ response: Response) -> HTTPHeaders {
        var headers = response.headers
        for cookie in response.cookies {
            headers.add("Set-Cookie", cookie.headerValue)
        }
        return headers
    }

    /// Framing, the date and connection management are the transport's: a handler's copy
    /// would be sent twice or lie. (`Connection: close` stays: the server honours it.)
    static let transportFields = ["Content-Length", "Transfer-Encoding", "Date", "Keep-Alive", "Upgrade", "Proxy-Connection"]

    /// What ``normalize`` looks for in a response's own fields.
    enum SpecialField { case none, transportOrContentType, setCookie }

    /// Whether `name` is one of ``transportFields``, `Content-Type` or `Set-Cookie`: by its
    /// length and first letter first, so most names are ruled out without a comparison (a
    /// call), and no lazy global is touched per field.
    static func specialField(_ name: String) -> SpecialField {
        guard let first = name.utf8.first else { return .none }
        let candidate: String
        switch (name.utf8.count, first | 0x20) {
        case (4, UInt8(ascii: "d")): candidate = "Date"
        case (7, UInt8(ascii: "u")): candidate = "Upgrade"
        case (10, UInt8(ascii: "s")): return HTTPHeaders.namesEqual(name, "Set-Cookie") ? .setCookie : .none
        case (10, UInt8(ascii: "k")): candidate = "Keep-Alive"
        case (12, UInt8(ascii: "c")): candidate = "Content-Type"
        case (14, UInt8(ascii: "c")): candidate = "Content-Length"
        case (16, UInt8(ascii: "p")): candidate = "Proxy-Connection"
        case (17, UInt8(ascii: "t")): candidate = "Transfer-Encoding"
        default: return .none
        }
        return HTTPHeaders.namesEqual(name, candidate) ? .transportOrContentType : .none
    }
}

extension Cookie {
    /// The key a browser files this cookie under for a response to `requestPath`: without a
    /// `Path` attribute that is the request's default path (RFC 6265 §5.1.4).
    func effectiveKey(requestPath: String) -> Cookie.Key {
        guard path == nil else { return key }
        var key = self.key
        let lastSlash = requestPath.lastIndex(of: "/")
        key.path = lastSlash.map { $0 == requestPath.startIndex ? "/" : String(requestPath[..<$0]) } ?? "/"
        return key
    }
}
