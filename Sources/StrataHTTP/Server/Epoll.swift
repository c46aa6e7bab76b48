import CStrataSystem
import Glibc

/// An epoll instance: the few `epoll_ctl` and `epoll_wait` calls the server makes.
///
/// A value holding only the descriptor — the kernel keeps the interest list and serializes
/// calls on it — so it is `Sendable`; which code may register which descriptor is the
/// owners' rule (a ``ServerLoop`` registers its listener and connections, isolated to its loop).
struct Epoll: Sendable {
    let fd: Int32

    init() throws(SystemError) {
        fd = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard fd >= 0 else { throw SystemError("epoll_create1") }
    }

    /// Watches `descriptor` for `events`; they come back with `token` (by default the
    /// descriptor itself).
    func add(_ descriptor: Int32, events: UInt32, token: UInt64? = nil) throws(SystemError) {
        guard control(EPOLL_CTL_ADD, descriptor, events, token: token) == 0 else { throw SystemError("epoll_ctl(ADD)") }
    }

    /// Changes the events watched on `descriptor`, keeping its token.
    func modify(_ descriptor: Int32, events: UInt32, token: UInt64? = nil) {
        _ = control(EPOLL_CTL_MOD, descriptor, events, token: token)
    }

    /// Stops watching `descriptor`; the caller closes it.
    func remove(_ descriptor: Int32) {
        epoll_ctl(fd, EPOLL_CTL_DEL, descriptor, nil)
    }

    /// Waits up to `timeoutMilliseconds` for events; how many were written to `events`.
    func wait(into events: UnsafeMutableBufferPointer<epoll_event>, timeoutMilliseconds: Int32) -> Int {
        let count = epoll_wait(fd, events.baseAddress, Int32(events.count), timeoutMilliseconds)
        return max(0, Int(count))
    }

    func close() {
        _ = Glibc.close(fd)
    }

    private func control(_ operation: Int32, _ descriptor: Int32, _ events: UInt32, token: UInt64?) -> Int32 {
        var event = epoll_event()
        event.events = events
        event.data.u64 = token ?? UInt64(UInt32(bitPattern: descriptor))
        return epoll_ctl(fd, operation, descriptor, &event)
    }
}
