import Glibc

/// The current time as an IMF-fixdate, formatted at most once per second (RFC 9110 §6.6.1:
/// an origin server with a clock sends `Date`).
package final class HTTPDateCache: Sendable {
    private let cached = PthreadLock<(second: Int, text: String)>((Int.min, ""))

    /// A cache.
    package init() {}

    /// The `Date` field value for now.
    package func current() -> String {
        let now = time(nil)
        return cached.withLock { cached in
            if cached.second != now {
                cached = (now, HTTPDate.format(secondsSince1970: now))
            }
            return cached.text
        }
    }
}
