import StrataHTTP

extension ResolvedApp {
    /// The status an error answers with when no exception handler decides otherwise.
    static func status(of error: any Error) -> HTTPStatus {
        switch error {
        case let error as HTTPError: return error.status
        case let error as any HTTPErrorConvertible: return error.httpError.status
        case is HTTPContentTooLarge: return .contentTooLarge
        default: return .internalServerError
        }
    }

    /// Fields a status requires, which an error carries and an exception handler's response
    /// must not lose: `Allow` on a 405 (RFC 9110 §15.5.6), `WWW-Authenticate` on a 401 (§15.5.2).
    static func keepingRequiredFields(of error: any Error, in response: Response) -> Response {
        guard let error = error as? HTTPError, error.status == response.status, !error.headers.isEmpty else { return response }
        var response = response
        for name in ["Allow", "WWW-Authenticate"] where !response.headers.contains(name) {
            for value in error.headers.values(for: name) { response.headers.add(name, value) }
        }
        return response
    }

    /// The response for an error raised in a route: the route's exception handler for its
    /// type or status, else an RFC 9457 problem. Unexpected errors are reported and answered
    /// with a 500 that tells the client nothing more.
    ///
    /// A request whose task was cancelled — its client left, or the server's drain ran out —
    /// is not an error of the app's: its `CancellationError` goes to no exception handler and
    /// no report, and the 503 it gets is written only if a half-closed client is still there
    /// to read it.
    func recover(from error: any Error, request: Request, entry: RouteEntry) async -> Response {
        if error is CancellationError, Task.isCancelled {
            return ProblemDetails.response(for: HTTPError(.serviceUnavailable, detail: "The request was cancelled: its client closed the connection."))
        }
        let status = Self.status(of: error)
        if let handler = entry.policy.exceptionHandlers.handler(for: error, status: status) {
            do {
                return Self.keepingRequiredFields(of: error, in: try await handler(request, error))
            } catch {
                reportError(ErrorReport(source: .exceptionHandler, error: error, route: entry.label))
                return ProblemDetails.response(for: HTTPError(.internalServerError))
            }
        }
        switch error {
        case let error as HTTPError:
            return ProblemDetails.response(for: error)
        case let error as any HTTPErrorConvertible:
            return ProblemDetails.response(for: error.httpError)
        case let error as HTTPContentTooLarge:
            return ProblemDetails.response(for: HTTPError(.contentTooLarge, detail: "The request content is larger than the limit of \(error.limit) bytes."))
        case is HTTPRequestBodyUnavailable:
            // A streamed content cut off: the server has answered (or closed) itself, and
            // drops this; the client's failure is not the app's to report.
            return ProblemDetails.response(for: HTTPError(.badRequest, detail: "The request content could not be read."))
        default:
            reportError(ErrorReport(source: .handler, error: error, route: entry.label))
            return ProblemDetails.response(for: HTTPError(.internalServerError))
        }
    }
}
