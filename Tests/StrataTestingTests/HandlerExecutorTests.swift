import Foundation
import Glibc
@testable import Strata
import StrataTesting
import Synchronization
import Testing

/// Where handlers run, seen from a live server with one event loop: a handler that holds its
/// thread stalls the loop's other connections unless its route runs handlers elsewhere.
@Suite("Handler executors", .serialized)
struct HandlerExecutorTests {
    /// Holds the thread for `milliseconds`, as CPU-heavy or blocking work does.
    static func holdThread(milliseconds: Int) {
        let end = ContinuousClock.now + .milliseconds(milliseconds)
        while ContinuousClock.now < end { usleep(1_000) }
    }

    /// What happens when `/fast` is asked while `/slow` holds its thread for 600 ms: whether the
    /// test has `/fast`'s answer before `/slow`'s handler lets go of its thread, and the thread
    /// `/slow` ran on.
    static func completionOrder(on executor: HandlerExecutor?) async throws -> (order: [String], slowThread: String) {
        let finished = Mutex<[String]>([])
        let slowThread = Mutex("")
        let slow = Get("/slow") { _ in
            slowThread.withLock { $0 = Self.threadName() }
            Self.holdThread(milliseconds: 600)
            // When the handler lets go of its thread, not when its response reaches the test:
            // two responses written back to back reach the test's tasks in either order.
            finished.withLock { $0.append("slow") }
            return "slow"
        }
        let app = App(routes: [
            executor.map { slow.runsHandlers(on: $0) } ?? slow,
            Get("/fast") { _ in "fast" },
        ])
        let client = try TestClient(app, transport: .live)
        try await client.start()
        async let slowResponse: Void = {
            _ = try await client.get("/slow")
        }()
        // Only once the slow handler holds its thread.
        // (Up to 20 s: on a busy machine the slow request can take a while to be sent.)
        for _ in 0..<4_000 where slowThread.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(5)) }
        try #require(!slowThread.withLock { $0.isEmpty }, "the slow handler never started")
        _ = try await client.get("/fast")
        finished.withLock { $0.append("fast") }
        try await slowResponse
        await client.shutdown()
        return (finished.withLock { $0 }, slowThread.withLock { $0 })
    }

    @Test func onTheEventLoopAHandlerThatHoldsItsThreadStallsTheLoop() async throws {
        let (order, thread) = try await Self.completionOrder(on: nil)
        #expect(order == ["slow", "fast"])
        #expect(thread == "strata-loop-0")
    }

    /// Not the order here: the test's own tasks share the global executor's few threads with
    /// the handler, so on a busy two-core machine `/fast` may wait for one of them.
    @Test func onTheGlobalExecutorTheHandlerLeavesTheLoop() async throws {
        let (_, thread) = try await Self.completionOrder(on: .global)
        #expect(!thread.isEmpty && thread != "strata-loop-0" && thread != "test-pool")
    }

    static let pool = BlockingPool(threads: 2, name: "test-pool")

    @Test func onABlockingPoolTheLoopGoesOn() async throws {
        let (order, thread) = try await Self.completionOrder(on: .pool(Self.pool))
        #expect(order == ["fast", "slow"])
        #expect(thread == "test-pool")
    }

    @Test func theInnermostLayerDecides() throws {
        let app = try App(routes: [
            Router("/reports", routes: [
                Get("/heavy") { _ in "" },
                Get("/light") { _ in "" }.runsHandlers(on: .eventLoop),
            ]).runsHandlers(on: .global),
            Get("/plain") { _ in "" },
        ]).build()
        let executors = Dictionary(uniqueKeysWithValues: app.entries.map { ($0.template, $0.policy.handlerExecutor) })
        #expect({ if case .global = executors["/reports/heavy"] { true } else { false } }())
        #expect({ if case .eventLoop = executors["/reports/light"] { true } else { false } }())
        #expect({ if case .eventLoop = executors["/plain"] { true } else { false } }())
    }

    struct Counter: Sendable { let value: Int }

    @Test(arguments: TestTransport.allCases)
    func middlewareDependenciesAndRenderingRunThereToo(transport: TestTransport) async throws {
        let cleanedUp = Mutex(0)
        let app = App(routes: [
            Get("/count", .dependency(Counter.self)) { _, counter in ["count": counter.value] }
                .dependency(Counter.self) { _ async throws -> Provided<Counter> in
                    Provided(Counter(value: 7)) { cleanedUp.withLock { $0 += 1 } }
                }
                .middleware { request, next in
                    var response = try await next(request)
                    response.headers.add("X-Wrapped", "1")
                    return response
                }
                .runsHandlers(on: .pool(Self.pool)),
        ])
        try await TestClient.run(app, transport: transport) { client in
            let response = try await client.get("/count")
            #expect(response.status == .ok && response.text == #"{"count":7}"# && response.headers["X-Wrapped"] == "1")
        }
        #expect(cleanedUp.withLock { $0 } == 1)
    }

    /// The name of the thread this runs on.
    static func threadName() -> String {
        let fd = open("/proc/thread-self/comm", O_RDONLY)
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        return String(decoding: buffer.prefix(max(0, count)), as: UTF8.self).trimmingCharacters(in: .newlines)
    }

    @Test func aPoolRunsJobsOnItsOwnThreads() async throws {
        #expect(await withTaskExecutorPreference(Self.pool) { Self.threadName() } == "test-pool")
        #expect(Self.pool.threads == 2)
        #expect(BlockingPool(threads: 0).threads == 1)
    }

    @Test(arguments: TestTransport.allCases)
    func theHandlerRunsOnThePoolAndTheRestOnTheLoop(transport: TestTransport) async throws {
        let app = App(routes: [
            Get("/where") { _ in Self.threadName() }
                .afterRequest { _, response in
                    var response = response
                    response.headers.add("X-Hook-Thread", Self.threadName())
                    return response
                }
                .runsHandlers(on: .pool(Self.pool)),
        ])
        try await TestClient.run(app, transport: transport) { client in
            let response = try await client.get("/where")
            #expect(response.text == "test-pool")
            #expect(response.headers["X-Hook-Thread"] != "test-pool")
        }
    }
}
