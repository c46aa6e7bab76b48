import StrataHTTP

extension ResolvedApp {
    /// Gives a request to a route with sessions its slot; the session itself is read only
    /// when something asks for it.
    func attachSessionSlot(to request: inout Request, entry: RouteEntry) {
        guard let sessions = entry.policy.sessions else { return }
        request.context[SessionSlot.Key.self] = SessionSlot(sessions: sessions, incoming: request.cookies[sessions.cookieName])
    }
}

/// The commit of a route's session: the first of its after-request hooks, so it runs on every
/// answer of the route and the hooks after it see the cookie. A session that cannot be written
/// — too large for a cookie, a store that fails — fails the hook, which makes the answer a 500
/// reported as ``ErrorReport/Source/session``: the client must not believe a sign-in took.
enum SessionCommit {
    static let hook: AfterRequestHook = { request, response in
        guard let slot = request.context[SessionSlot.Key.self], let session = slot.sessionIfRead else { return response }
        let cookie: Cookie?
        do {
            cookie = try await slot.commit(session, for: request)
        } catch {
            throw SessionNotWritten(cause: error)
        }
        var response = response
        // An answer made from a session is one client's: a shared cache keys it by the
        // cookie, and never keeps one that hands out a session cookie (another visitor
        // would be given the same session).
        if !(response.headers.values(for: "Vary").contains { $0.lowercased().contains("cookie") || $0.contains("*") }) {
            response.headers.add("Vary", "Cookie")
        }
        if let cookie {
            response.setCookie(cookie)
            response.headers["Cache-Control"] = "no-store"
        }
        return response
    }
}

/// A changed session that could not be written, and why.
struct SessionNotWritten: Error, CustomStringConvertible {
    let cause: any Error

    var description: String { "\(cause)" }
}
