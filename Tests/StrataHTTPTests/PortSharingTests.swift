import Glibc
@testable import StrataHTTP
import Testing

/// A port another process serves is an error at start (the kernel treats two servers in one
/// process as it treats two processes of one user); sharing it is a choice both make.
@Suite("HTTP server: sharing a port", .serialized)
struct PortSharingTests {
    static func configuration(port: Int, sharesPort: Bool = false) -> ServerConfiguration {
        ServerConfiguration(host: "127.0.0.1", port: port, sharesPort: sharesPort, eventLoops: 2)
    }

    /// A free port: bound to 0 and released.
    static func freePort() throws -> Int {
        let fd = try Socket.listen(host: "127.0.0.1", port: 0, reusePort: false)
        defer { close(fd) }
        return Socket.localPort(of: fd)
    }

    @Test func aSecondServerOnAServedPortFailsToStart() async throws {
        let first = HTTPServer(configuration: Self.configuration(port: 0), responder: EchoResponder())
        let port = try first.start()
        let second = HTTPServer(configuration: Self.configuration(port: port), responder: EchoResponder())
        #expect(throws: ListenError(host: "127.0.0.1", port: port, sharesPort: false, error: SystemError("bind", code: EADDRINUSE))) {
            try second.start()
        }
        #expect(second.port == nil)
        let message = "\(ListenError(host: "127.0.0.1", port: port, sharesPort: false, error: SystemError("bind", code: EADDRINUSE)))"
        #expect(message.hasPrefix("cannot listen on 127.0.0.1:\(port): address already in use"))
        #expect(message.contains("--share-port"))
        // The first server still has all of the port's traffic.
        let connection = try RawConnection(port: port)
        connection.send("GET /still-here HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        #expect(await connection.readUntilClosed().text.hasSuffix("GET /still-here HTTP/1.1 0:"))
        _ = await first.shutdown()
    }

    @Test func aPortServedWithoutSharingFailsEvenWhenSharingIsAsked() async throws {
        let port = try Self.freePort()
        let plain = try Socket.listen(host: "127.0.0.1", port: port, reusePort: false)
        defer { close(plain) }
        let server = HTTPServer(configuration: Self.configuration(port: port, sharesPort: true), responder: EchoResponder())
        do {
            try server.start()
            Issue.record("started on a port another listener holds")
        } catch let error as ListenError {
            #expect(error.reason == .addressInUse)
            #expect(error.description.contains("does not share it"))
        }
    }

    @Test func anotherProgramsSharingListenerIsNotJoinedSilently() async throws {
        let port = try Self.freePort()
        // What a second copy of a server that shares its port leaves on it.
        let sharing = try Socket.listen(host: "127.0.0.1", port: port, reusePort: true)
        defer { close(sharing) }
        let server = HTTPServer(configuration: Self.configuration(port: port), responder: EchoResponder())
        do {
            try server.start()
            Issue.record("joined another listener's port")
        } catch let error as ListenError {
            #expect(error.reason == .addressInUse)
        }
    }

    @Test func twoServersThatShareThePortBothServeIt() async throws {
        let port = try Self.freePort()
        let old = HTTPServer(configuration: Self.configuration(port: port, sharesPort: true), responder: EchoResponder(handler: { _ in
            HTTPResponse(status: .ok, body: .bytes(Array("old".utf8)))
        }))
        let new = HTTPServer(configuration: Self.configuration(port: port, sharesPort: true), responder: EchoResponder(handler: { _ in
            HTTPResponse(status: .ok, body: .bytes(Array("new".utf8)))
        }))
        try old.start()
        try new.start()
        // The kernel spreads connections over both; once the old one drains, the new one
        // has them all.
        var answers: Set<String> = []
        for _ in 0..<64 where answers.count < 2 {
            let connection = try RawConnection(port: port)
            connection.send("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            answers.insert(String(await connection.readUntilClosed().text.suffix(3)))
        }
        #expect(answers == ["old", "new"])
        #expect(await old.shutdown().isClean)
        for _ in 0..<16 {
            let connection = try RawConnection(port: port)
            connection.send("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            #expect(await connection.readUntilClosed().text.hasSuffix("new"))
        }
        _ = await new.shutdown()
    }

    @Test func aRestartedServerGetsItsPortBackAtOnce() async throws {
        let first = HTTPServer(configuration: Self.configuration(port: 0), responder: EchoResponder())
        let port = try first.start()
        let connection = try RawConnection(port: port)
        connection.send("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        _ = await connection.readUntilClosed()
        _ = await first.shutdown()
        // Connections of the old one in TIME_WAIT do not hold the port.
        let second = HTTPServer(configuration: Self.configuration(port: port), responder: EchoResponder())
        #expect(try second.start() == port)
        _ = await second.shutdown()
    }
}
