import Strata

extension TestClient {
    /// The target with `query` appended, and the headers and bytes of `body`: what every way
    /// of sending a request starts from.
    static func compose(
        _ target: String, query: [(String, String)], headers: HTTPHeaders, body: TestRequestBody?
    ) throws -> (target: String, headers: HTTPHeaders, content: [UInt8]) {
        guard target.hasPrefix("/") else { throw TestClientError.invalidTarget(target) }
        var target = target
        if !query.isEmpty {
            target += (target.contains("?") ? "&" : "?") + URLEncodedForm(query).encoded
        }
        var headers = headers
        var content: [UInt8] = []
        if let body {
            content = try body.bytes.get()
            if let contentType = body.contentType, !headers.contains("Content-Type") {
                headers.add("Content-Type", contentType)
            }
        }
        return (target, headers, content)
    }

    /// Sends a request and returns the response.
    ///
    /// `target` is a path, optionally with a query (`/search?q=a`); `query` pairs are added to it.
    public func request(
        _ method: HTTPMethod, _ target: String, query: [(String, String)] = [], headers: HTTPHeaders = [:], body: TestRequestBody? = nil
    ) async throws -> TestResponse {
        try await start()
        var (target, headers, content) = try Self.compose(target, query: query, headers: headers, body: body)
        var method = method
        var redirects: [TestResponse] = []
        while true {
            let response = try await send(method, target, headers: headers, body: content)
            guard followsRedirects, let next = redirectTarget(of: response, from: target) else {
                return redirects.isEmpty ? response
                    : TestResponse(status: response.status, headers: response.headers, body: response.body, rawBytes: response.rawBytes, redirects: redirects)
            }
            redirects.append(response)
            guard redirects.count <= 20 else { throw TestClientError.tooManyRedirects(redirects.count) }
            // RFC 9110 §15.4.4: 303 is retrieved with GET; browsers do the same for a POST
            // answered by 301 or 302 (§15.4.2–3). 307 and 308 repeat the request as it was.
            if response.status == .seeOther || ((response.status == .movedPermanently || response.status == .found) && method == .post) {
                if method != .head { method = .get }
                content = []
                headers.remove("Content-Type")
            }
            target = next
        }
    }

    /// GET.
    public func get(_ target: String, query: [(String, String)] = [], headers: HTTPHeaders = [:]) async throws -> TestResponse {
        try await request(.get, target, query: query, headers: headers)
    }

    /// HEAD.
    public func head(_ target: String, query: [(String, String)] = [], headers: HTTPHeaders = [:]) async throws -> TestResponse {
        try await request(.head, target, query: query, headers: headers)
    }

    /// POST.
    public func post(_ target: String, query: [(String, String)] = [], headers: HTTPHeaders = [:], body: TestRequestBody? = nil) async throws -> TestResponse {
        try await request(.post, target, query: query, headers: headers, body: body)
    }

    /// PUT.
    public func put(_ target: String, query: [(String, String)] = [], headers: HTTPHeaders = [:], body: TestRequestBody? = nil) async throws -> TestResponse {
        try await request(.put, target, query: query, headers: headers, body: body)
    }

    /// PATCH.
    public func patch(_ target: String, query: [(String, String)] = [], headers: HTTPHeaders = [:], body: TestRequestBody? = nil) async throws -> TestResponse {
        try await request(.patch, target, query: query, headers: headers, body: body)
    }

    /// DELETE.
    public func delete(_ target: String, query: [(String, String)] = [], headers: HTTPHeaders = [:], body: TestRequestBody? = nil) async throws -> TestResponse {
        try await request(.delete, target, query: query, headers: headers, body: body)
    }

    /// OPTIONS.
    public func options(_ target: String, headers: HTTPHeaders = [:]) async throws -> TestResponse {
        try await request(.options, target, headers: headers)
    }

    /// One exchange, in process: the app answers, the server's serializer writes the bytes,
    /// and they are parsed back as a client reads them.
    /// The request as the client sends it: `Host`, the jar's cookies, `Content-Length`.
    func prepare(_ method: HTTPMethod, _ target: String, headers: HTTPHeaders, body: [UInt8]) -> (request: HTTPRequest, host: String, path: String) {
        var headers = headers
        if !headers.contains("Host") { headers.add("Host", host) }
        // The jar answers for the host the request names, without its port.
        let requestHost = String((headers["Host"] ?? host).prefix { $0 != ":" })
        let path = String(target.prefix { $0 != "?" })
        if let cookieHeader = cookies.cookieHeader(forHost: requestHost, path: path, secure: isSecure) {
            // Cookies the test sets itself come first; the jar's follow (RFC 6265 §5.4 has one field).
            let own = headers.values(for: "Cookie")
            headers.remove("Cookie")
            headers.add("Cookie", (own + [cookieHeader]).joined(separator: "; "))
        }
        if !body.isEmpty && !headers.contains("Content-Length") {
            headers.add("Content-Length", String(body.count))
        }
        // In process there is no socket: the peer is the loopback address, as it is live.
        let request = HTTPRequest(method: method, target: target, headers: headers, body: HTTPRequestBody(bytes: body),
                                  peer: PeerAddress(ip: IPAddress(ipv4: 0x7F00_0001), port: 0))
        return (request, requestHost, path)
    }

    private func send(_ method: HTTPMethod, _ target: String, headers: HTTPHeaders, body: [UInt8]) async throws -> TestResponse {
        let (request, requestHost, path) = prepare(method, target, headers: headers, body: body)
        let bytes: [UInt8]
        if let live {
            bytes = try await LiveExchange.send(LiveExchange.serialize(request, body: body), port: live.port, method: method)
            if waitsForBackgroundTasks { await live.tracker.waitUntilIdle() }
        } else {
            bytes = try await exchangeInProcess(request)
        }
        let response = try HTTPResponseParser.parse(bytes, requestMethod: method)
        for cookie in response.cookies {
            cookies.store(cookie, fromHost: requestHost, path: path)
        }
        return response
    }

    /// The app answers in process; the server's serializer writes the bytes.
    private func exchangeInProcess(_ request: HTTPRequest) async throws -> [UInt8] {
        let answer = await app.respond(to: request)
        var bytes = try serializeHead(of: answer)
        var contentBytes = 0
        if answer.status.allowsContent {
            switch answer.body {
            case .stream(let stream):
                // As the server writes it: chunk by chunk, then the last chunk.
                let reader = stream.makeReader()
                do {
                    while let chunk = try await reader.next() {
                        HTTPResponseSerializer.appendChunk(chunk, into: &bytes)
                        contentBytes += chunk.count
                    }
                } catch {
                    answer.onDelivery?(HTTPResponse.Delivery(status: answer.status, contentBytes: contentBytes, isComplete: false))
                    throw error
                }
                bytes.append(contentsOf: HTTPResponseSerializer.lastChunk)
            case .file(let region):
                let content = try FileRegionReader.read(region)
                bytes.append(contentsOf: content)
                contentBytes = content.count
            case .bytes(let content):
                contentBytes = content.count  // In the serialized bytes already.
            case .omitted:
                break
            }
        }
        // As the server tells it once the last byte is written.
        answer.onDelivery?(HTTPResponse.Delivery(status: answer.status, contentBytes: contentBytes, isComplete: true))
        if let afterSent = answer.afterSent {
            if waitsForBackgroundTasks {
                await afterSent()
            } else {
                detach(afterSent)
            }
        }
        return bytes
    }

    /// The app's answer as the server writes it (the head, and content in memory).
    func serializeHead(of answer: HTTPResponse) throws -> [UInt8] {
        var bytes: [UInt8] = []
        do {
            try HTTPResponseSerializer.serialize(answer, date: dateCache.current(), into: &bytes)
        } catch {
            throw TestClientError.unwritableResponse(String(describing: error))
        }
        return bytes
    }

    /// The same-host target a redirect points to, if the client should follow it: `Location`
    /// resolved against the current target as a URI reference (RFC 9110 §10.2.2, RFC 3986 §5.2).
    private func redirectTarget(of response: TestResponse, from current: String) -> String? {
        guard [301, 302, 303, 307, 308].contains(response.status.code), let location = response.headers["Location"] else { return nil }
        return RedirectResolution.target(location, from: current, host: host, isSecure: isSecure)
    }
}
