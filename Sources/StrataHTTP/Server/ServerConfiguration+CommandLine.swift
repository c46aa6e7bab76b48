import Glibc

/// A command-line argument the server does not understand.
package struct CommandLineError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    package let description: String

    package init(description: String) {
        self.description = description
    }
}

extension ServerConfiguration {
    /// The configuration `--host`, `--port` (or the `PORT` environment variable), `--loops`,
    /// `--share-port` and `--drain-delay SECONDS` ask for, on top of `defaults`, with the socket systemd passed, if it
    /// passed one (``socketActivation(environment:processID:)``). Both `--port 80` and
    /// `--port=80` work.
    package static func parsing(_ arguments: [String], environment port: String? = ProcessEnvironment.value("PORT"),
                                activation: [String: String] = ProcessEnvironment.all(["LISTEN_FDS", "LISTEN_PID"]),
                                defaults: ServerConfiguration = ServerConfiguration()) throws(CommandLineError) -> ServerConfiguration {
        var configuration = defaults
        if let socket = try Self.activation(activation, processID: getpid()) {
            configuration.listeningSocket = socket
            // Not for the processes the app starts (sd_listen_fds marks it so too).
            _ = fcntl(socket, F_SETFD, FD_CLOEXEC)
            // Children must not believe the socket is theirs (sd_listen_fds unsets them too).
            for name in ["LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES"] { unsetenv(name) }
        }
        if let port {
            guard let number = Int(port), (0...65_535).contains(number) else {
                throw CommandLineError(description: "PORT=\(port) is not a port number")
            }
            configuration.port = number
        }
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            var name = argument
            var value: String?
            if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            }
            func takeValue() throws(CommandLineError) -> String {
                if let value { return value }
                guard let next = remaining.popFirst() else { throw CommandLineError(description: "\(name) needs a value") }
                return next
            }
            switch name {
            case "--host":
                configuration.host = try takeValue()
            case "--port":
                let text = try takeValue()
                guard let number = Int(text), (0...65_535).contains(number) else {
                    throw CommandLineError(description: "--port \(text) is not a port number")
                }
                configuration.port = number
            case "--drain-delay":
                let text = try takeValue()
                guard let seconds = Double(text), seconds >= 0, seconds <= 3_600 else {
                    throw CommandLineError(description: "--drain-delay \(text) is not a number of seconds")
                }
                configuration.drainDelay = .milliseconds(Int(seconds * 1_000))
            case "--share-port":
                guard value == nil else { throw CommandLineError(description: "--share-port takes no value") }
                configuration.sharesPort = true
            case "--loops":
                let text = try takeValue()
                guard let number = Int(text), number > 0 else {
                    throw CommandLineError(description: "--loops \(text) is not a positive number")
                }
                configuration.eventLoops = number
            default:
                throw CommandLineError(description: "unknown argument \(argument); use --host, --port, --loops, --share-port or --drain-delay")
            }
        }
        return configuration
    }
}

/// Reads the process environment without Foundation.
package enum ProcessEnvironment {
    /// The value of the variable `name`, if it is set.
    package static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
