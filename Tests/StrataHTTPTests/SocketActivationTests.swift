import Glibc
@testable import StrataHTTP
import Testing

/// A listening socket the process is given (systemd's socket activation): read from the
/// environment as `sd_listen_fds` does, served by every loop, and left as it was for the
/// next process — which is how a restart drops no connection.
@Suite("HTTP server: socket activation", .serialized)
struct SocketActivationTests {
    @Test func theEnvironmentNamesTheSocket() throws {
        #expect(try ServerConfiguration.activation([:], processID: 42) == nil)
        #expect(try ServerConfiguration.activation(["LISTEN_FDS": "1", "LISTEN_PID": "42"], processID: 42) == 3)
        #expect(try ServerConfiguration.activation(["LISTEN_FDS": "0", "LISTEN_PID": "42"], processID: 42) == nil)
        // Inherited from a parent that was activated: not ours.
        #expect(try ServerConfiguration.activation(["LISTEN_FDS": "1", "LISTEN_PID": "41"], processID: 42) == nil)
        #expect(throws: CommandLineError.self) { try ServerConfiguration.activation(["LISTEN_FDS": "1"], processID: 42) }
        #expect(throws: CommandLineError.self) { try ServerConfiguration.activation(["LISTEN_FDS": "x", "LISTEN_PID": "42"], processID: 42) }
        #expect(throws: CommandLineError.self) { try ServerConfiguration.activation(["LISTEN_FDS": "2", "LISTEN_PID": "42"], processID: 42) }
        let parsed = try ServerConfiguration.parsing([], environment: nil, activation: ["LISTEN_FDS": "1", "LISTEN_PID": "\(getpid())"])
        #expect(parsed.listeningSocket == 3)
    }

    static func configuration(_ socket: Int32) -> ServerConfiguration {
        ServerConfiguration(listeningSocket: socket, eventLoops: 2, drainTimeout: .seconds(5))
    }

    @Test func aGivenSocketIsServedAndOutlivesTheServer() async throws {
        let socket = try Socket.listen(host: "127.0.0.1", port: 0, reusePort: false)
        defer { close(socket) }
        let port = Socket.localPort(of: socket)
        let old = HTTPServer(configuration: Self.configuration(socket), responder: EchoResponder(handler: { _ in
            HTTPResponse(status: .ok, body: .bytes(Array("old".utf8)))
        }))
        #expect(try old.start() == port)
        #expect(old.localAddress?.description == "127.0.0.1:\(port)")
        for _ in 0..<4 {
            let connection = try RawConnection(port: port)
            connection.send("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            #expect(await connection.readUntilClosed().text.hasSuffix("old"))
        }
        #expect(await old.shutdown().isClean)
        // Between the two processes: the socket still listens, and a client that connects now
        // waits in its queue instead of being refused or reset.
        let waiting = try RawConnection(port: port, timeout: 5)
        waiting.send("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        let new = HTTPServer(configuration: Self.configuration(socket), responder: EchoResponder(handler: { _ in
            HTTPResponse(status: .ok, body: .bytes(Array("new".utf8)))
        }))
        try new.start()
        let (text, closed) = await waiting.readUntilClosed()
        #expect(text.hasPrefix("HTTP/1.1 200 OK") && text.hasSuffix("new") && closed)
        _ = await new.shutdown()
    }

    @Test func whatIsNotAListeningSocketIsRefused() throws {
        let unconnected = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(unconnected) }
        let server = HTTPServer(configuration: Self.configuration(unconnected), responder: EchoResponder())
        #expect(throws: ListenError.self) { try server.start() }
        let notASocket = open("/dev/null", O_RDONLY)
        defer { close(notASocket) }
        #expect(throws: ListenError.self) { try HTTPServer(configuration: Self.configuration(notASocket), responder: EchoResponder()).start() }
    }
}
