import Foundation
import Glibc
import Strata
@testable import StrataTesting
import Synchronization
import Testing

/// What the app saw of a request, shared with the test.
final class Sightings: Sendable {
    let reports = Mutex<[String]>([])
    let tasks = Mutex<[String]>([])
}

@Suite("An upload the client abandons", .serialized)
struct AbandonedUploadTests {
    @Test func theRouteNeverRunsItsErrorsHooksOrBackgroundTasks() async throws {
        let seen = Sightings()
        let app = App(reportError: { report in seen.reports.withLock { $0.append("\(report)") } }, routes: [
            Post("/upload") { request in request.body.count }
                .backgroundTask(BackgroundTask("audit") { seen.tasks.withLock { $0.append("audit") } }),
        ])
        let client = try TestClient(app, transport: .live)
        let port = try #require(client.live?.port)
        // 10 bytes of the 100 announced, then the client is gone.
        let fd = try LiveExchange.connectAndSend(Array("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n0123456789".utf8), port: port)
        try await Task.sleep(for: .milliseconds(100))
        close(fd)
        try await Task.sleep(for: .milliseconds(300))
        // A normal request still works, and its background task runs: the route is fine.
        #expect(try await client.post("/upload", body: .text("abc")).text == "3")
        await client.shutdown()
        #expect(seen.reports.withLock { $0 } == [])
        #expect(seen.tasks.withLock { $0 } == ["audit"])
    }
}
