import CStrataSystem
import Glibc
@testable import StrataHTTP
import Synchronization
import Testing

/// The loop's contract with its driver, which write coalescing rests on: deferred output is
/// written once a burst of work, before the loop waits — never between a burst's jobs.
@Suite struct EventLoopTests {
    /// Records, in order, the burst's work and the loop's requests to write.
    final class RecordingDriver: EventLoopDriver {
        let log = Mutex<[String]>([])
        func loopDidPoll(_ events: UnsafeBufferPointer<epoll_event>) {}
        func loopDidTick(now: UInt64) {}
        func flushDeferredOutput() { log.withLock { $0.append("flush") } }
    }

    @Test func deferredOutputIsWrittenOnceABurstBeforeTheLoopWaits() async throws {
        let loop = try EventLoop(index: 0)
        let driver = RecordingDriver()
        let thread = try LoopThread { loop.run() }
        // One callback on the loop sets the driver and queues a burst of three more.
        loop.execute {
            loop.setDriver(driver)
            for index in 0..<3 {
                loop.execute { driver.log.withLock { $0.append("work \(index)") } }
            }
        }
        var log: [String] = []
        for _ in 0..<200 where !log.contains("flush") {
            try await Task.sleep(for: .milliseconds(10))
            log = driver.log.withLock { $0 }
        }
        loop.stop()
        thread.join()
        #expect(Array(log.prefix(4)) == ["work 0", "work 1", "work 2", "flush"])
    }
}
