import CStrataSystem
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What an event loop calls when a file descriptor it watches is ready.
protocol EventLoopHandler: AnyObject {
    /// Called on the loop's thread with the epoll events that fired.
    func handleEvents(_ events: UInt32)
}

/// One thread with its own epoll instance: it runs I/O callbacks, timers, and — as a
/// `TaskExecutor` — the jobs of every Swift task started with a preference for it.
///
/// A connection's handler task prefers its connection's loop, so reading the request,
/// running the handler and writing the response happen on one thread with no hop and no
/// lock. Work from other threads arrives through a locked inbox and an eventfd.
///
/// `@unchecked Sendable`: the mutable state below the `// Loop thread only` mark is read and
/// written on the loop's own thread only — every entry point that touches it first checks
/// ``isInEventLoop`` or is called from ``run()``; the state other threads share is the
/// `inbox`, behind a lock.
final class EventLoop: TaskExecutor, @unchecked Sendable {
    /// The loop's position in its group, for diagnostics.
    let index: Int
    private let epoll: Int32
    private let wakeFD: Int32

    private struct Inbox {
        var jobs: [UnownedJob] = []
        var callbacks: [@Sendable () -> Void] = []
        var wakePending = false
    }
    private let inbox = PthreadLock(Inbox())

    // Loop thread only.
    private var handlers: [EventLoopHandler?] = []
    private var jobs = RingBuffer<UnownedJob>()
    private var callbacks: [() -> Void] = []
    private var tickHandlers: [() -> Void] = []
    private var nextTick: UInt64 = 0
    private var stopRequested = false
    /// The loop's cached `Date` field value, refreshed at most once a second.
    private(set) var dateField = ""
    private var dateSecond = -1

    /// How often timers are checked.
    static let tickNanoseconds: UInt64 = 100_000_000

    init(index: Int) throws(SystemError) {
        self.index = index
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epoll >= 0 else { throw SystemError("epoll_create1") }
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard wakeFD >= 0 else {
            close(epoll)
            throw SystemError("eventfd")
        }
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.fd = wakeFD
        epoll_ctl(epoll, EPOLL_CTL_ADD, wakeFD, &event)
    }

    deinit {
        close(wakeFD)
        close(epoll)
    }

    /// Whether the caller runs on this loop's thread.
    var isInEventLoop: Bool {
        pthread_getspecific(EventLoop.currentKey) == Unmanaged.passUnretained(self).toOpaque()
    }

    // MARK: TaskExecutor

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        if isInEventLoop {
            jobs.append(job)
            return
        }
        post { $0.jobs.append(job) }
    }

    /// Runs `work` on the loop's thread: at once in order if called from it, else soon.
    func execute(_ work: @escaping @Sendable () -> Void) {
        if isInEventLoop {
            callbacks.append(work)
            return
        }
        post { $0.callbacks.append(work) }
    }

    /// Adds work from another thread to the inbox; the first addition since the loop last
    /// emptied it wakes the loop, the rest ride along.
    private func post(_ add: (inout Inbox) -> Void) {
        let wake = inbox.withLock { inbox in
            add(&inbox)
            defer { inbox.wakePending = true }
            return !inbox.wakePending
        }
        if wake { signalWake() }
    }

    private func signalWake() {
        var one: UInt64 = 1
        _ = withUnsafeBytes(of: &one) { write(wakeFD, $0.baseAddress, 8) }
    }

    // MARK: File descriptors (loop thread only)

    /// Watches `fd` for `events`, calling `handler` when they fire.
    func register(_ fd: Int32, events: UInt32, handler: EventLoopHandler) throws(SystemError) {
        precondition(isInEventLoop, "register from the loop's thread")
        var event = epoll_event()
        event.events = events
        event.data.fd = fd
        guard epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event) == 0 else { throw SystemError("epoll_ctl(ADD)") }
        let slot = Int(fd)
        if slot >= handlers.count {
            handlers.append(contentsOf: repeatElement(nil, count: slot - handlers.count + 1))
        }
        handlers[slot] = handler
    }

    /// Changes the events watched on `fd`.
    func modify(_ fd: Int32, events: UInt32) {
        var event = epoll_event()
        event.events = events
        event.data.fd = fd
        epoll_ctl(epoll, EPOLL_CTL_MOD, fd, &event)
    }

    /// Stops watching `fd`; the caller closes it.
    func deregister(_ fd: Int32) {
        epoll_ctl(epoll, EPOLL_CTL_DEL, fd, nil)
        if Int(fd) < handlers.count { handlers[Int(fd)] = nil }
    }

    /// Calls `handler` about every ``tickNanoseconds`` on the loop's thread (timeouts).
    func onTick(_ handler: @escaping () -> Void) {
        tickHandlers.append(handler)
    }

    /// Asks the loop to return from ``run()`` once its queued work is done.
    func stop() {
        execute { [self] in stopRequested = true }
    }

    // MARK: Running

    /// Runs the loop on the calling thread until ``stop()``.
    func run() {
        pthread_setspecific(EventLoop.currentKey, Unmanaged.passUnretained(self).toOpaque())
        defer { pthread_setspecific(EventLoop.currentKey, nil) }
        let capacity: Int32 = 256
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: Int(capacity))
        defer { events.deallocate() }
        refreshDate()
        nextTick = Self.monotonicNanoseconds() + Self.tickNanoseconds

        while !stopRequested {
            let idle = jobs.isEmpty && callbacks.isEmpty
            let timeout: Int32 = idle ? Int32(Self.tickNanoseconds / 1_000_000) : 0
            let count = epoll_wait(epoll, events, capacity, timeout)
            if count > 0 {
                for index in 0..<Int(count) {
                    let fd = events[index].data.fd
                    if fd == wakeFD {
                        drainInbox()
                    } else if Int(fd) < handlers.count, let handler = handlers[Int(fd)] {
                        handler.handleEvents(events[index].events)
                    }
                }
            }
            runQueuedWork()
            let now = Self.monotonicNanoseconds()
            if now >= nextTick {
                nextTick = now + Self.tickNanoseconds
                refreshDate()
                for handler in tickHandlers { handler() }
            }
        }
        // Jobs that arrived while stopping still run, so no task is left suspended forever.
        drainInbox()
        runQueuedWork()
    }

    private func drainInbox() {
        var counter: UInt64 = 0
        _ = withUnsafeMutableBytes(of: &counter) { read(wakeFD, $0.baseAddress, 8) }
        let (newJobs, newCallbacks) = inbox.withLock { inbox in
            defer {
                inbox.jobs.removeAll(keepingCapacity: true)
                inbox.callbacks.removeAll(keepingCapacity: true)
                inbox.wakePending = false
            }
            return (inbox.jobs, inbox.callbacks)
        }
        for job in newJobs { jobs.append(job) }
        // One by one: converting the array as a whole (`[@Sendable () -> Void]` to
        // `[() -> Void]`) goes through a dynamic cast the runtime cannot do for function types.
        for callback in newCallbacks { callbacks.append(callback) }
    }

    /// Runs queued jobs and callbacks; a burst is capped so I/O is polled between bursts.
    private func runQueuedWork() {
        var budget = 4096
        while budget > 0 {
            if let job = jobs.popFirst() {
                job.runSynchronously(on: asUnownedTaskExecutor())
            } else if !callbacks.isEmpty {
                let pending = callbacks
                callbacks.removeAll(keepingCapacity: true)
                for callback in pending { callback() }
            } else {
                return
            }
            budget -= 1
        }
    }

    private func refreshDate() {
        let now = time(nil)
        if now != dateSecond {
            dateSecond = now
            dateField = HTTPDate.format(secondsSince1970: now)
        }
    }

    static func monotonicNanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// The thread-specific slot that names the loop a thread runs.
    private static let currentKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()
}
