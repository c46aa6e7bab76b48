/// What a transport calls with each request: the server, or the in-process test client.
public protocol HTTPResponder: Sendable {
    /// The response to `request`. Never throws: every failure is a response.
    func respond(to request: HTTPRequest) async -> HTTPResponse
}
