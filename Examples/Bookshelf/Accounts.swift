import Synchronization
import Strata

/// The accounts that may sign in. A real service checks a password hash in its database.
struct Accounts: Sendable {
    /// Demo accounts: a librarian who may remove books and a reader who may add them.
    private let accounts: [String: (password: String, role: Role)] = [
        "ada": ("lovelace", .librarian),
        "bob": ("builder", .reader),
    ]

    /// The user valid credentials name.
    func user(for credentials: Credentials) -> User? {
        guard let account = accounts[credentials.username], account.password == credentials.password else { return nil }
        return User(name: credentials.username, role: account.role)
    }
}

/// The audit trail: one line per change, written after the response by a background task.
actor AuditLog {
    private(set) var lines: [String] = []

    func record(_ line: String) {
        lines.append(line)
    }
}

/// One request's audit note, opened by a dependency and committed by its cleanup once the
/// response is sent — even when the handler threw.
final class AuditNote: Sendable {
    let request: String
    private let details = Mutex<[String]>([])

    init(request: String) {
        self.request = request
    }

    func add(_ detail: String) {
        details.withLock { $0.append(detail) }
    }

    var text: String {
        ([request] + details.withLock { $0 }).joined(separator: " ")
    }
}
