import Strata

extension TestClient {
    /// Sends a request and hands the response to `read` as its content arrives, for streams
    /// and server-sent events that may never end. When `read` returns, the client stops
    /// reading — in process the stream is cancelled, live the connection is closed, which
    /// cancels it on the server.
    ///
    /// ```swift partial
    /// let first = try await client.stream("/events") { response in
    ///     var events = response.events()
    ///     return try await events.next()
    /// }
    /// ```
    public func stream<T: Sendable>(
        _ target: String, method: HTTPMethod = .get, query: [(String, String)] = [], headers: HTTPHeaders = [:],
        body: TestRequestBody? = nil, _ read: (TestStreamingResponse) async throws -> T
    ) async throws -> T {
        try await start()
        let (target, headers, content) = try Self.compose(target, query: query, headers: headers, body: body)
        let (request, requestHost, path) = prepare(method, target, headers: headers, body: content)
        let response: TestStreamingResponse
        var afterSent: (@Sendable () async -> Void)?
        var onDelivery: (@Sendable () -> Void)?
        if let live {
            let (head, reader) = try await LiveBodyReader.open(LiveExchange.serialize(request, body: content), port: live.port, method: method)
            response = TestStreamingResponse(status: head.status, headers: head.headers, source: .socket(reader))
        } else {
            let answer = await app.respond(to: request)
            let bytes = try serializeHead(of: answer)
            guard let head = try HTTPResponseParser.parseHead(bytes) else { throw TestClientError.malformedResponse("no head") }
            let source: TestBodySource
            switch answer.body {
            case .stream(let stream) where answer.status.allowsContent:
                source = .pump(StreamPump(stream))
            case .file(let region) where answer.status.allowsContent:
                source = .buffered(BufferedChunks(try FileRegionReader.read(region)))
            default:
                source = .buffered(BufferedChunks(Array(bytes[head.bodyStart...])))
            }
            response = TestStreamingResponse(status: head.status, headers: head.headers, source: source)
            afterSent = answer.afterSent
            onDelivery = answer.onDelivery.map { report in
                { @Sendable [status = answer.status, length = Array(bytes[head.bodyStart...]).count] in
                    // As the server would tell it: a stream's bytes so far, and whether it ended.
                    let (sent, complete) = if case .pump(let pump) = source { pump.delivery } else { (length, true) }
                    report(HTTPResponse.Delivery(status: status, contentBytes: sent, isComplete: complete))
                }
            }
        }
        for value in response.headers.values(for: "Set-Cookie") {
            if let cookie = Cookie.parse(setCookie: value) { cookies.store(cookie, fromHost: requestHost, path: path) }
        }
        let result: T
        do {
            result = try await read(response)
        } catch {
            response.source.stop()
            onDelivery?()
            throw error
        }
        response.source.stop()
        onDelivery?()
        if let afterSent {
            if waitsForBackgroundTasks { await afterSent() } else { detach(afterSent) }
        } else if let live, waitsForBackgroundTasks {
            await live.tracker.waitUntilIdle()
        }
        return result
    }
}
