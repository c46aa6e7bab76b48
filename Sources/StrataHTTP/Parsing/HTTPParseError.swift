/// Why a request could not be read; the server answers with ``status`` and closes the
/// connection, because after a framing error nothing later on it can be trusted.
package struct HTTPParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The status to answer with.
    package let status: HTTPStatus
    /// What was wrong, for logs and tests; never sent to the client.
    package let reason: String

    init(_ status: HTTPStatus, _ reason: String) {
        self.status = status
        self.reason = reason
    }

    static func badRequest(_ reason: String) -> HTTPParseError {
        HTTPParseError(.badRequest, reason)
    }

    package var description: String { "\(status.code): \(reason)" }
}
