import StrataCodecs
import StrataHTTP

/// Server-side sessions in the process's memory: for one instance, or for sessions that may
/// end with a restart. Entries expire `maxAge` after their last save, and at most
/// `maxSessions` are kept — when full, the expired go first, then the eighth that would
/// expire soonest — so a flood of new sessions costs a bounded table.
///
/// ```swift
/// let sessions = Sessions(.store(MemorySessionStore(maxSessions: 50_000)))
/// ```
public final class MemorySessionStore: SessionStore {
    private struct Entry {
        var values: [String: JSONValue]
        /// Monotonic nanoseconds.
        var expires: UInt64
    }

    /// The most sessions kept.
    public let maxSessions: Int
    private let entries = PthreadLock<[String: Entry]>([:])
    private let now: @Sendable () -> UInt64

    /// A store of at most `maxSessions` sessions.
    public convenience init(maxSessions: Int = 100_000) {
        self.init(maxSessions: maxSessions, clock: { MonotonicClock.nanoseconds() })
    }

    /// A store reading time from `clock` (monotonic nanoseconds), for tests.
    init(maxSessions: Int, clock: @escaping @Sendable () -> UInt64) {
        self.maxSessions = max(maxSessions, 1)
        self.now = clock
    }

    /// How many sessions are kept, expired ones not yet dropped included.
    public var count: Int {
        entries.withLock { $0.count }
    }

    public func load(id: String) async throws -> [String: JSONValue]? {
        let now = now()
        return entries.withLock { entries in
            guard let entry = entries[id] else { return nil }
            guard entry.expires > now else {
                entries[id] = nil
                return nil
            }
            return entry.values
        }
    }

    public func save(id: String, values: [String: JSONValue], maxAge: Duration) async throws {
        let now = now()
        let lifetime = UInt64(max(maxAge.components.seconds, 0)) * 1_000_000_000 + UInt64(max(maxAge.components.attoseconds, 0) / 1_000_000_000)
        let limit = maxSessions
        entries.withLock { entries in
            if entries[id] == nil && entries.count >= limit {
                Self.makeRoom(in: &entries, limit: limit, now: now)
            }
            entries[id] = Entry(values: values, expires: now &+ lifetime)
        }
    }

    public func delete(id: String) async throws {
        _ = entries.withLock { $0.removeValue(forKey: id) }
    }

    /// Drops the expired, then — if that freed less than an eighth — the eighth that would
    /// expire soonest: one sort per `limit / 8` new sessions, not one scan per session.
    private static func makeRoom(in entries: inout [String: Entry], limit: Int, now: UInt64) {
        entries = entries.filter { $0.value.expires > now }
        let target = limit - max(limit / 8, 1)
        guard entries.count > target else { return }
        let soonest = entries.sorted { $0.value.expires < $1.value.expires }.prefix(entries.count - target)
        for (id, _) in soonest { entries[id] = nil }
    }
}
