import Glibc

/// Why the server could not start listening; its description says what to do about it.
///
/// ```swift
/// let app = try App(routes: [Get("/") { _ in "Hello" }]).build()
/// do {
///     try HTTPServer(configuration: ServerConfiguration(port: 8080), responder: app).start()
/// } catch let error as ListenError where error.reason == .addressInUse {
///     print(error)   // cannot listen on 127.0.0.1:8080: address already in use — …
/// }
/// ```
public struct ListenError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Sendable, Equatable {
        /// Another process listens on the address and port (with `sharesPort`: without sharing it).
        case addressInUse
        /// The process may not bind the port (below 1024 without the capability).
        case permissionDenied
        /// The host is not a numeric IPv4 or IPv6 address (or `localhost`), or the port is out
        /// of range.
        case invalidAddress
        /// Another failure, as the system described it.
        case system(String)
    }

    /// The address the server tried to listen on.
    public let host: String
    /// The port it tried.
    public let port: Int
    public let reason: Reason
    /// Whether the server was configured to share its port.
    let sharesPort: Bool

    init(host: String, port: Int, sharesPort: Bool, error: SystemError) {
        self.host = host
        self.port = port
        self.sharesPort = sharesPort
        switch error.code {
        case EADDRINUSE: reason = .addressInUse
        case EACCES: reason = .permissionDenied
        case EINVAL, EAFNOSUPPORT, EADDRNOTAVAIL: reason = .invalidAddress
        default: reason = .system(error.description)
        }
    }

    public var description: String {
        let prefix = "cannot listen on \(host):\(port): "
        switch reason {
        case .addressInUse where sharesPort:
            return prefix + "address already in use by a process that does not share it (SO_REUSEPORT); stop it or pick another port"
        case .addressInUse:
            return prefix + "address already in use — another process serves this port; stop it, pick another port (--port), "
                + "or share it on purpose for a restart in place (--share-port, ServerConfiguration.sharesPort)"
        case .permissionDenied:
            return prefix + "permission denied — ports below 1024 need root or CAP_NET_BIND_SERVICE; use a higher port behind a proxy"
        case .invalidAddress:
            return prefix + "not an address this machine has (give a numeric IPv4 or IPv6 address, or localhost)"
        case .system(let message):
            return prefix + message
        }
    }

    public static func == (lhs: ListenError, rhs: ListenError) -> Bool {
        lhs.host == rhs.host && lhs.port == rhs.port && lhs.reason == rhs.reason
    }
}
