import Foundation
import Synchronization
import Strata

/// Signed-in users by session token: random, unguessable, kept on the server — the cookie
/// carries nothing but the token.
actor Sessions {
    private var users: [String: User] = [:]
    /// Demo accounts: a librarian who may remove books and a reader who may add them.
    private let accounts: [String: (password: String, role: Role)] = [
        "ada": ("lovelace", .librarian),
        "bob": ("builder", .reader),
    ]

    /// A new session's token for valid credentials.
    func signIn(_ credentials: Credentials) -> String? {
        guard let account = accounts[credentials.username], account.password == credentials.password else { return nil }
        let token = UUID().uuidString + UUID().uuidString
        users[token] = User(name: credentials.username, role: account.role)
        return token
    }

    func user(for token: String) -> User? {
        users[token]
    }

    func signOut(_ token: String) {
        users[token] = nil
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
