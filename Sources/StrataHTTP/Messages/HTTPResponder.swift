/// What a transport calls with each request: the server, or the in-process test client.
public protocol HTTPResponder: Sendable {
    /// The response to `request`. Never throws: every failure is a response.
    func respond(to request: HTTPRequest) async -> HTTPResponse

    /// The most request content, in bytes, the route for `method` and `target` accepts. The
    /// server asks before reading a body, so it can refuse one that is too large unread.
    func requestBodyLimit(for method: HTTPMethod, target: String) -> Int
}

extension HTTPResponder {
    /// 10 MB, for responders without per-route limits.
    public func requestBodyLimit(for method: HTTPMethod, target: String) -> Int {
        10_000_000
    }
}
