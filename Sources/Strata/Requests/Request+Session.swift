extension Request {
    /// The client's session, read from its cookie (or the store the cookie names) the first
    /// time a request asks; changes are written with the response. Throws when no layer of
    /// the route has ``Sessions``, or the store fails.
    ///
    /// ```swift
    /// enum SignedInUser: SessionKey { typealias Value = String }
    ///
    /// let me = Get("/me") { request in
    ///     try await request.session[SignedInUser.self] ?? "nobody"
    /// }
    /// ```
    public var session: Session {
        get async throws {
            guard let slot = context[SessionSlot.Key.self] else { throw SessionsNotConfigured(route: route) }
            return try await slot.session()
        }
    }
}

/// `request.session` on a route no layer gives sessions.
struct SessionsNotConfigured: Error, CustomStringConvertible {
    let route: String?

    var description: String {
        "request.session was read on \(route ?? "a request") but no layer of its route has sessions; add .sessions(Sessions(...)) to the app, a router or the handler"
    }
}
