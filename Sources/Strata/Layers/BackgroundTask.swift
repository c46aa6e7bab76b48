/// Work to run after a response is sent: sending an email, writing an audit log.
///
/// Tasks come from the layers (run for every response of their routes) and from the
/// ``Response`` a handler returns. They run in resolved order — the response's first, then
/// the handler's, then each layer outward — one at a time unless a layer asks for
/// concurrency. A task that throws is reported to the app's error hook; it cannot change
/// the response, which is already sent, and the tasks after it still run.
///
/// ```swift
/// Post("/signups") { request in
///     var response = Response(status: .accepted)
///     response.addBackgroundTask(BackgroundTask("welcome-mail") { print("mail sent") })
///     return response
/// }
/// ```
public struct BackgroundTask: Sendable {
    /// A name for error reports.
    public let name: String
    let work: @Sendable (Request) async throws -> Void

    /// A task that needs nothing from the request.
    public init(_ name: String = "background task", _ work: @escaping @Sendable () async throws -> Void) {
        self.name = name
        self.work = { _ in try await work() }
    }

    /// A task that reads the request it follows.
    public init(_ name: String = "background task", _ work: @escaping @Sendable (Request) async throws -> Void) {
        self.name = name
        self.work = work
    }
}
