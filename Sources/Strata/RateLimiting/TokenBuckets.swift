import Synchronization

/// The token buckets of one ``RateLimit``, by client, in shards with a lock each so event loops
/// seldom wait for one another. Tokens are counted in nanoseconds of refill: a bucket is the
/// time at which it would be full again, so taking a token is one addition.
final class TokenBuckets: Sendable {
    private struct Shard {
        /// When each client's bucket is full again (monotonic nanoseconds), and when it was last seen.
        var full: [BucketKey: (fullAt: UInt64, seen: UInt64)] = [:]
    }

    /// One shard's lock and table.
    private final class LockedShard: Sendable {
        let state = Mutex(Shard())
    }

    private let shards: [LockedShard]
    /// Nanoseconds one token takes to come back.
    private let perToken: UInt64
    /// Nanoseconds the whole bucket takes to refill.
    private let window: UInt64
    private let maxPerShard: Int

    init(capacity: Int, windowNanoseconds: UInt64, maxKeys: Int) {
        shards = (0..<16).map { _ in LockedShard() }
        window = max(windowNanoseconds, UInt64(capacity))
        perToken = window / UInt64(capacity)
        maxPerShard = max(maxKeys / 16, 1)
    }

    /// Takes a token from `key`'s bucket: `nil` if there was one, else the nanoseconds until
    /// there is.
    func take(_ key: BucketKey, now: UInt64) -> UInt64? {
        let shard = shards[Int(UInt(bitPattern: key.hashValue) % 16)]
        return shard.state.withLock { shard -> UInt64? in
            // A bucket not seen is full: full again at `now`.
            let fullAt = max(shard.full[key]?.fullAt ?? now, now)
            // With a token spent the bucket is full `perToken` later; it may be at most one
            // window short of full.
            let next = fullAt + perToken
            if next > now + window {
                shard.full[key]?.seen = now
                return next - now - window
            }
            if shard.full[key] == nil && shard.full.count >= maxPerShard {
                Self.evict(from: &shard, now: now, target: maxPerShard - maxPerShard / 8 - 1)
            }
            shard.full[key] = (next, now)
            return nil
        }
    }

    /// Drops full buckets, then the least recently seen, down to `target`.
    private static func evict(from shard: inout Shard, now: UInt64, target: Int) {
        shard.full = shard.full.filter { $0.value.fullAt > now }
        guard shard.full.count > target else { return }
        let kept = shard.full.sorted { $0.value.seen > $1.value.seen }.prefix(max(target, 0))
        shard.full = Dictionary(uniqueKeysWithValues: kept.map { ($0.key, $0.value) })
    }

    /// How many buckets are kept, for tests.
    var count: Int { shards.reduce(0) { total, shard in total + shard.state.withLock { $0.full.count } } }
}
