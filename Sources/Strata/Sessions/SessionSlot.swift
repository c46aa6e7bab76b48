import Glibc
import StrataHTTP

/// A request's place for its session: made (cheaply) when a request to a route with sessions
/// arrives, filled on the first read of ``Request/session``, and read by the commit when the
/// response is finalized. It lives in the request context, so a route without sessions
/// carries nothing.
final class SessionSlot: Sendable {
    enum Key: ContextKey { typealias Value = SessionSlot }

    let sessions: Sessions
    /// The session cookie the request brought, if any.
    let incoming: String?
    private let loaded = PthreadLock<Session?>(nil)

    init(sessions: Sessions, incoming: String?) {
        self.sessions = sessions
        self.incoming = incoming
    }

    /// The session, read from the cookie or the store the first time it is asked for.
    func session() async throws -> Session {
        if let session = loaded.withLock({ $0 }) { return session }
        let session = try await load()
        // Two first reads at once: the first to finish is the one everyone shares.
        return loaded.withLock { slot in
            if let earlier = slot { return earlier }
            slot = session
            return session
        }
    }

    /// The session if something read it.
    var sessionIfRead: Session? {
        loaded.withLock { $0 }
    }

    private func load() async throws -> Session {
        guard let incoming, !incoming.isEmpty else { return Session(values: [:], id: nil) }
        switch sessions.backend {
        case .signedCookie(let keys):
            let values = SignedSessionCookie.decode(incoming, keys: keys, cookieName: sessions.cookieName, now: Self.unixTime())
            return Session(values: values ?? [:], id: nil)
        case .store(let store):
            guard SessionIDs.isWellFormed(incoming), let values = try await store.load(id: incoming) else {
                return Session(values: [:], id: nil)
            }
            return Session(values: values, id: incoming)
        }
    }

    /// The cookie that commits `session`'s change, after saving or deleting what a store
    /// holds; `nil` when nothing is sent.
    func commit(_ session: Session, for request: Request) async throws -> Cookie? {
        guard let change = session.change else { return nil }
        switch (change, sessions.backend) {
        case (.end, .signedCookie):
            return incoming == nil ? nil : sessions.cookie(nil, for: request)
        case (.end, .store(let store)):
            if let id = session.id { try await store.delete(id: id) }
            return incoming == nil ? nil : sessions.cookie(nil, for: request)
        case (.write(let values, _), .signedCookie(let keys)):
            let value = try SignedSessionCookie.encode(values, key: keys[0], cookieName: sessions.cookieName,
                                                       maxAge: sessions.maxAgeSeconds, now: Self.unixTime())
            let size = sessions.cookieName.utf8.count + 1 + value.utf8.count
            guard size <= Sessions.cookieLimit else {
                throw SessionTooLarge(bytes: size, cookieName: sessions.cookieName)
            }
            return sessions.cookie(value, for: request)
        case (.write(let values, let renew), .store(let store)):
            let kept = renew ? nil : session.id
            let id = kept ?? SessionIDs.make()
            if let old = session.id, old != id { try await store.delete(id: old) }
            try await store.save(id: id, values: values, maxAge: sessions.maxAge)
            return sessions.cookie(id, for: request)
        }
    }

    static func unixTime() -> Int {
        Int(time(nil))
    }
}

/// A signed session that does not fit in a cookie.
struct SessionTooLarge: Error, CustomStringConvertible {
    let bytes: Int
    let cookieName: String

    var description: String {
        "the session cookie \"\(cookieName)\" would be \(bytes) bytes, over the \(Sessions.cookieLimit) browsers keep; store less in the session (an id, not a record), or keep it server-side with Sessions(.store(...))"
    }
}
