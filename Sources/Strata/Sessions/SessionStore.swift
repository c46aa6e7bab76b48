import StrataCodecs

/// Where a server-side session's values live; the cookie holds only a random id.
///
/// ``MemorySessionStore`` keeps them in the process. A store for Redis or a database
/// implements these three calls; Strata calls `load` at most once per request, on the first
/// read of ``Request/session``, and `save` or `delete` only for a session that changed.
public protocol SessionStore: Sendable {
    /// The values stored under `id`, or `nil` when there are none or they expired.
    func load(id: String) async throws -> [String: JSONValue]?
    /// Stores `values` under `id` for `maxAge`, replacing what was there.
    func save(id: String, values: [String: JSONValue], maxAge: Duration) async throws
    /// Removes what is stored under `id`, if anything.
    func delete(id: String) async throws
}
