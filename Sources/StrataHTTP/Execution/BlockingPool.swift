import CStrataSystem
import Glibc
import Synchronization

/// Threads of their own for work that blocks a thread — synchronous file or network calls, a
/// database driver without `async` — so it neither stalls an event loop's connections nor
/// takes one of the few threads of Swift's cooperative pool (one per CPU), which every task
/// shares. A `TaskExecutor`: run work on it with `withTaskExecutorPreference(pool) { … }`,
/// or a route's handlers with `.runsHandlers(on: .pool(pool))`.
///
/// ```swift
/// let blocking = BlockingPool(threads: 16)   // once, for the life of the process
/// ```
///
/// Its threads live as long as the process; jobs run in the order they arrive.
public final class BlockingPool: TaskExecutor, Sendable {
    /// How many threads run jobs.
    public var threads: Int { started.load(ordering: .relaxed) }
    private let started = Atomic<Int>(0)
    private let queue: JobQueue

    /// A pool of `threads` threads (at least one), started at once and named `name` (as
    /// `top -H` and debuggers show them; at most 15 bytes).
    public init(threads: Int, name: String = "strata-pool") {
        queue = JobQueue()
        let name = String(name.utf8.prefix(15)) ?? "strata-pool"
        var lastError: (any Error)?
        for _ in 0..<max(1, threads) {
            do {
                // The threads hold the pool: they run for the life of the process, and the
                // executor their jobs run on must live as long.
                try LoopThread { [self] in
                    pthread_setname_np(pthread_self(), name)
                    queue.run(on: self)
                }.detach()
                started.add(1, ordering: .relaxed)
            } catch {
                lastError = error
            }
        }
        // Fewer threads than asked for still run every job; none would leave them waiting
        // forever, so that is a crash here rather than a hang later.
        precondition(self.threads > 0, "BlockingPool: no thread could start: \(lastError.map { "\($0)" } ?? "")")
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        queue.push(UnownedJob(job))
    }
}

/// The jobs waiting for a thread: a locked queue and a condition its threads sleep on.
///
/// `@unchecked Sendable`: `jobs` is touched only between `pthread_mutex_lock` and
/// `pthread_mutex_unlock` of `mutex`; the mutex and condition are allocated once and never
/// freed (the pool's threads, which use them, run until the process ends).
private final class JobQueue: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var jobs = RingBuffer<UnownedJob>()

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    func push(_ job: UnownedJob) {
        pthread_mutex_lock(mutex)
        jobs.append(job)
        pthread_mutex_unlock(mutex)
        pthread_cond_signal(condition)
    }

    /// A thread's life: take a job, run it on `pool`, forever.
    func run(on pool: BlockingPool) -> Never {
        while true {
            pthread_mutex_lock(mutex)
            while jobs.isEmpty { pthread_cond_wait(condition, mutex) }
            let job = jobs.popFirst()!
            pthread_mutex_unlock(mutex)
            job.runSynchronously(on: pool.asUnownedTaskExecutor())
        }
    }
}
