import Strata
import Synchronization

/// Counts the welcome mails a run scheduled and sent, so a graceful shutdown can be checked
/// to have lost none (`Scripts/shutdown-under-load.sh` compares the two).
final class MailCounter: Sendable {
    private let scheduledCount = Atomic<Int>(0)
    private let sentCount = Atomic<Int>(0)

    var scheduled: Int { scheduledCount.load(ordering: .acquiring) }
    var sent: Int { sentCount.load(ordering: .acquiring) }

    func schedule() { scheduledCount.wrappingAdd(1, ordering: .acquiringAndReleasing) }
    func markSent() { sentCount.wrappingAdd(1, ordering: .acquiringAndReleasing) }
}

struct Signup: Codable, Sendable {
    let id: Int
    let status: String
}

/// `POST /signup` answers 202 at once and sends the welcome mail after the response — a
/// background task of the route, which a graceful shutdown waits for.
func makeSignupApp(mails: MailCounter, mailDelay: Duration) -> App {
    let logger = Logger(label: "signups")
    return App(
        onShutdown: [{ logger.notice("background tasks", metadata: ["scheduled": .integer(mails.scheduled), "finished": .integer(mails.sent)]) }],
        logger: logger,
        routes: [
            Post("/signup", status: .accepted) { _ in
                mails.schedule()
                return Signup(id: mails.scheduled, status: "welcome mail queued")
            }
            .backgroundTask(BackgroundTask("welcome-mail") {
                try await Task.sleep(for: mailDelay)  // stands in for the mail server
                mails.markSent()
            }),
            Get("/stats") { _ in ["scheduled": mails.scheduled, "sent": mails.sent] },
        ])
}
