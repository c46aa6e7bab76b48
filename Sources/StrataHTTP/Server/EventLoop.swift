import CStrataSystem
import Glibc

/// What an event loop hands its I/O readiness and timer ticks to: the loop's ``ServerLoop``.
///
/// Called on the loop's thread, outside any job, so the driver may `assumeIsolated` itself
/// onto the loop's serial executor.
protocol EventLoopDriver: AnyObject, Sendable {
    /// The events one `epoll_wait` returned.
    func loopDidPoll(_ events: UnsafeBufferPointer<epoll_event>)
    /// About every ``EventLoop/tickNanoseconds``: enforce timeouts.
    func loopDidTick(now: UInt64)
    /// Before each wait for events, and while the loop stops: write the output the work since
    /// the last call deferred, so that what one burst of work answered leaves together.
    func flushDeferredOutput()
}

/// One thread with its own epoll instance. It is two executors over one queue: a
/// `TaskExecutor`, which runs the handler tasks of its connections, and — through
/// ``serialExecutor`` — the `SerialExecutor` its ``ServerLoop`` actor is isolated to.
///
/// So reading a request, running its handler and writing its response happen on one thread
/// without a hop, and the connection state the actor owns is checked by the compiler rather
/// than by `isInEventLoop` calls. Work from other threads arrives through a locked inbox and
/// an eventfd.
///
/// `@unchecked Sendable`: the mutable state below the `// Loop thread only` mark is touched
/// only on the loop's thread — from ``run()``, or from an entry point that checks
/// ``isInEventLoop`` first (``enqueue(_:)``, ``execute(_:)``, ``setDriver(_:)``); other threads
/// reach the loop through `inbox`, behind a lock. ``serialExecutor`` is written once, in
/// `init`, before the loop is shared.
final class EventLoop: TaskExecutor, @unchecked Sendable {
    /// The loop's position in its group, for diagnostics.
    let index: Int
    /// The loop's epoll instance; registrations are the driver's.
    let epoll: Epoll
    private let wakeFD: Int32
    /// The serial executor view of this loop: jobs enqueued through it run isolated to it.
    private(set) var serialExecutor: LoopSerialExecutor!

    private struct Inbox {
        var jobs: [QueuedJob] = []
        var callbacks: [@Sendable () -> Void] = []
        var wakePending = false
    }
    private let inbox = PthreadLock(Inbox())

    /// A job and the executor it was enqueued on (the runtime uses the same `enqueue` for both).
    struct QueuedJob {
        let job: UnownedJob
        let isolated: Bool
    }

    // Loop thread only.
    private weak var driver: (any EventLoopDriver)?
    private var jobs = RingBuffer<QueuedJob>()
    private var callbacks: [() -> Void] = []
    private var nextTick: UInt64 = 0
    private var stopRequested = false

    /// How often timers are checked.
    static let tickNanoseconds: UInt64 = 100_000_000

    init(index: Int) throws(SystemError) {
        self.index = index
        epoll = try Epoll()
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard wakeFD >= 0 else {
            epoll.close()
            throw SystemError("eventfd")
        }
        try? epoll.add(wakeFD, events: EPOLLIN.rawValue)
        serialExecutor = LoopSerialExecutor(loop: self)
    }

    deinit {
        close(wakeFD)
        epoll.close()
    }

    /// Whether the caller runs on this loop's thread.
    var isInEventLoop: Bool {
        pthread_getspecific(EventLoop.currentKey) == Unmanaged.passUnretained(self).toOpaque()
    }

    /// Sets who receives the loop's I/O events and ticks; on the loop's thread.
    func setDriver(_ driver: any EventLoopDriver) {
        precondition(isInEventLoop, "setDriver from the loop's thread")
        self.driver = driver
    }

    // MARK: Executors

    func enqueue(_ job: consuming ExecutorJob) {
        enqueue(queued: QueuedJob(job: UnownedJob(job), isolated: false))
    }

    func enqueue(queued job: QueuedJob) {
        if isInEventLoop {
            jobs.append(job)
            return
        }
        post { $0.jobs.append(job) }
    }

    /// Runs `work` on the loop's thread, outside any job: at once in order if called from it,
    /// else soon.
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

    /// Asks the loop to return from ``run()`` once its queued work is done.
    func stop() {
        execute { [self] in stopRequested = true }
    }

    // MARK: Running

    /// Runs the loop on the calling thread until ``stop()``.
    func run() {
        pthread_setspecific(EventLoop.currentKey, Unmanaged.passUnretained(self).toOpaque())
        defer { pthread_setspecific(EventLoop.currentKey, nil) }
        let capacity = 256
        let events = UnsafeMutableBufferPointer<epoll_event>.allocate(capacity: capacity)
        defer { events.deallocate() }
        nextTick = Self.monotonicNanoseconds() + Self.tickNanoseconds

        while !stopRequested {
            // Before `idle` is decided: writing can start work (background tasks, a pipelined
            // request), which must not wait for the next event.
            driver?.flushDeferredOutput()
            let idle = jobs.isEmpty && callbacks.isEmpty
            let count = epoll.wait(into: events, timeoutMilliseconds: idle ? Int32(Self.tickNanoseconds / 1_000_000) : 0)
            if count > 0 {
                var first = 0
                for index in 0..<count where events[index].data.u64 == UInt64(UInt32(bitPattern: wakeFD)) {
                    drainInbox()
                    // The wake event is the loop's own; the driver gets the others.
                    events.swapAt(index, first)
                    first += 1
                }
                if first < count {
                    driver?.loopDidPoll(UnsafeBufferPointer(rebasing: events[first..<count]))
                }
            }
            runQueuedWork()
            let now = Self.monotonicNanoseconds()
            if now >= nextTick {
                nextTick = now + Self.tickNanoseconds
                driver?.loopDidTick(now: now)
            }
        }
        // Jobs that arrived while stopping still run, and the jobs they enqueue, so no task is
        // left suspended forever (bounded: a task that keeps re-enqueuing itself cannot hold
        // the thread).
        for _ in 0..<1_000 {
            drainInbox()
            driver?.flushDeferredOutput()
            if jobs.isEmpty && callbacks.isEmpty { break }
            runQueuedWork()
        }
        driver?.flushDeferredOutput()
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
            if let queued = jobs.popFirst() {
                if queued.isolated {
                    queued.job.runSynchronously(on: serialExecutor.asUnownedSerialExecutor())
                } else {
                    queued.job.runSynchronously(on: asUnownedTaskExecutor())
                }
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

    static func monotonicNanoseconds() -> UInt64 {
        MonotonicClock.nanoseconds()
    }

    /// The thread-specific slot that names the loop a thread runs.
    private static let currentKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()
}
