import Glibc

extension ServerConfiguration {
    /// The first descriptor systemd passes (`SD_LISTEN_FDS_START`).
    static let firstPassedDescriptor: Int32 = 3

    /// The listening socket systemd passed this process (`LISTEN_FDS`, `LISTEN_PID`, as
    /// `sd_listen_fds(3)` reads them), or `nil` when it passed none — the variables are unset,
    /// or name another process (they were inherited from a parent).
    ///
    /// Throws when the variables are malformed or pass more than one socket: give the socket
    /// unit one `ListenStream=`.
    ///
    /// ```swift
    /// var configuration = ServerConfiguration(port: 8080)
    /// configuration.listeningSocket = try ServerConfiguration.socketActivation()
    /// ```
    public static func socketActivation(environment: [String: String]? = nil, processID: Int32 = getpid()) throws -> Int32? {
        try activation(environment ?? ProcessEnvironment.all(["LISTEN_FDS", "LISTEN_PID"]), processID: processID)
    }

    static func activation(_ environment: [String: String], processID: Int32) throws(CommandLineError) -> Int32? {
        guard let count = environment["LISTEN_FDS"] else { return nil }
        guard let pid = environment["LISTEN_PID"].flatMap({ Int32($0) }) else {
            throw CommandLineError(description: "LISTEN_FDS=\(count) without a valid LISTEN_PID")
        }
        guard pid == processID else { return nil }
        guard let number = Int(count), number >= 0 else {
            throw CommandLineError(description: "LISTEN_FDS=\(count) is not a number of sockets")
        }
        guard number <= 1 else {
            throw CommandLineError(description: "LISTEN_FDS=\(number): Strata serves one socket; give the socket unit one ListenStream=")
        }
        return number == 1 ? firstPassedDescriptor : nil
    }
}

extension ProcessEnvironment {
    /// The variables among `names` that are set.
    package static func all(_ names: [String]) -> [String: String] {
        var values: [String: String] = [:]
        for name in names {
            if let value = value(name) { values[name] = value }
        }
        return values
    }
}
