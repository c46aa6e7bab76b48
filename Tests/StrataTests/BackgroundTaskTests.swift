import Foundation
import Strata
import StrataTesting
import Synchronization
import Testing

@Suite("Background tasks")
struct BackgroundTaskTests {
    @Test func runAfterTheResponseInOrderAndSeeTheRequest() async throws {
        let log = Log()
        let app = App(routes: [
            Get("/x/{id:int}") { request in
                await log.append("handler")
                var response = Response(text: "ok")
                response.addBackgroundTask(BackgroundTask("first") { await log.append("response task") })
                return response
            }.backgroundTask(BackgroundTask("handler") { request in await log.append("handler task \(request.parameters["id"]!)") }),
        ]).backgroundTask(BackgroundTask("app") { await log.append("app task") })
        _ = try await TestClient(app).get("/x/3")
        #expect(await log.entries == ["handler", "response task", "handler task 3", "app task"])
    }

    @Test func aFailingTaskIsReportedAndTheNextStillRuns() async throws {
        struct Failed: Error {}
        let log = Log()
        let reports = Mutex<[String]>([])
        let app = App(reportError: { report in reports.withLock { $0.append(report.description) } }, routes: [
            Get("/x") { _ in "sent" }
                .backgroundTask(BackgroundTask("mailer") { throw Failed() })
                .backgroundTask(BackgroundTask("audit") { await log.append("audit") }),
        ])
        let response = try await TestClient(app).get("/x")
        #expect(response.status == .ok)
        #expect(response.text == "sent")
        #expect(await log.entries == ["audit"])
        #expect(reports.withLock { $0 } == [#"strata: background task "mailer" failed in GET /x: Failed()"#])
    }

    @Test func tasksRunConcurrentlyWhenAsked() async throws {
        // Two tasks that each wait for the other can only finish when run at the same time.
        let first = AsyncGate(), second = AsyncGate()
        let app = App(routes: [
            Get("/x") { _ in "ok" }
                .backgroundTask(BackgroundTask { await first.open(); await second.wait() })
                .backgroundTask(BackgroundTask { await second.open(); await first.wait() })
                .runsBackgroundTasksConcurrently(true),
        ])
        _ = try await TestClient(app).get("/x")
        let (firstOpen, secondOpen) = (await first.isOpen, await second.isOpen)
        #expect(firstOpen && secondOpen)
    }

    @Test func theClientCanReturnBeforeTasksFinish() async throws {
        let gate = AsyncGate()
        let app = App(routes: [Get("/x") { _ in "ok" }.backgroundTask(BackgroundTask { await gate.wait() })])
        let client = try TestClient(app, waitsForBackgroundTasks: false)
        let response = try await client.get("/x")
        #expect(response.text == "ok")
        await gate.open()
    }
}

/// Opens once; waiters resume when it does.
actor AsyncGate {
    private(set) var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func open() {
        isOpen = true
        waiters.forEach { $0.resume() }
        waiters.removeAll()
    }

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }
}
