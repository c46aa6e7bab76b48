/// Whether a layer's routes write one line per request through the app's ``Logger`` — a
/// scalar policy: the innermost layer that says wins, so a router can switch it off for
/// health checks under an app that logs everything.
///
/// The line is written once the response's last byte is out (or the client left), with the
/// method, path (without its query: queries carry tokens), status, content bytes, duration,
/// request id and client address (``Request/clientAddress``, so behind trusted proxies the
/// real client), under the label `strata.access`:
///
/// ```text
/// time=2026-12-04T09:15:02.114Z level=info label=strata.access msg="GET /books 200" method=GET path=/books route=/books status=200 bytes=512 duration_ms=0.212 client=203.0.113.9 request_id=5f0c…
/// ```
///
/// ```swift
/// let app = App(routes: [
///     Router("/health", routes: [Get("/live") { _ in "ok" }]).accessLog(.off),
///     Get("/books") { _ in ["Dune"] },
/// ])
/// .accessLog(.on)
/// ```
public struct AccessLog: Sendable, Hashable {
    /// Whether lines are written.
    public var isEnabled: Bool
    /// The level of the lines; a logger above it drops them.
    public var level: LogLevel

    /// One line per request, at `level`.
    public static func on(level: LogLevel) -> AccessLog { AccessLog(isEnabled: true, level: level) }
    /// One line per request, at `info`.
    public static let on = AccessLog(isEnabled: true, level: .info)
    /// No lines.
    public static let off = AccessLog(isEnabled: false, level: .info)
}
