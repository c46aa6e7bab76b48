/// An ``EventLoop`` as a `SerialExecutor`: what the loop's ``ServerLoop`` actor runs on.
///
/// A separate object because the runtime calls the same `enqueue(_:)` for a serial executor
/// and a task executor: the job must run isolated to the actor only when it came through here.
/// Its isolation check is the loop's thread check, so `assumeIsolated` works from the loop's
/// I/O callbacks as well as from its jobs.
final class LoopSerialExecutor: SerialExecutor {
    unowned let loop: EventLoop

    init(loop: EventLoop) {
        self.loop = loop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        loop.enqueue(queued: EventLoop.QueuedJob(job: UnownedJob(job), isolated: true))
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    func isIsolatingCurrentContext() -> Bool? {
        loop.isInEventLoop
    }

    func checkIsolated() {
        precondition(loop.isInEventLoop, "not on event loop \(loop.index)'s thread")
    }
}
