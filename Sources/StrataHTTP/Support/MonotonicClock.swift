import Glibc

/// `CLOCK_MONOTONIC` in nanoseconds: the event loops' timers and the pipeline's durations and
/// rate limits read the same clock, without `ContinuousClock`'s `Duration` arithmetic.
package enum MonotonicClock {
    package static func nanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}
