/// What a transport calls with each request: the server, or the in-process test client.
///
/// The request arrives with its head only; its content is read when the responder asks for
/// it with ``HTTPRequestBody/collect(upTo:)`` and the limit it chooses — so a responder
/// routes each request once, and refuses what it must before reading a byte of content.
///
/// ```swift
/// struct Echo: HTTPResponder {
///     func respond(to request: HTTPRequest) async -> HTTPResponse {
///         guard let body = try? await request.body.collect(upTo: 1024) else {
///             return HTTPResponse(status: .contentTooLarge)
///         }
///         return HTTPResponse(status: .ok, body: .bytes(body))
///     }
/// }
/// ```
public protocol HTTPResponder: Sendable {
    /// The response to `request`. Never throws: every failure is a response.
    func respond(to request: HTTPRequest) async -> HTTPResponse

    /// Told when the transport starts serving, begins to drain and stops, so readiness
    /// checks can answer; by default nothing happens.
    func serverStateDidChange(_ state: ServerState)
}

extension HTTPResponder {
    public func serverStateDidChange(_ state: ServerState) {}
}
