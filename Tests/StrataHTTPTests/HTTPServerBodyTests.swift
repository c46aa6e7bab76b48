import Foundation
@testable import StrataHTTP
import Synchronization
import Testing

/// What a responder's task saw, shared with the test.
final class Outcome: Sendable {
    let value = Mutex<String?>(nil)
}

/// A request's content is read only when the responder asks for it, with its limit.
@Suite("HTTP server: content read on demand", .serialized)
struct HTTPServerBodyTests {
    /// Answers 401 from the head alone, never asking for the content.
    static let refusing = EchoResponder(handler: { _ in
        HTTPResponse(status: .unauthorized, body: .bytes(Array("no".utf8)))
    })

    @Test func aClientWaitingFor100IsNotToldToSendWhatIsNeverRead() async throws {
        try await withServer(responder: Self.refusing) { _, port in
            let connection = try RawConnection(port: port)
            connection.send("POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
            let (text, closed) = await connection.readUntilClosed()
            #expect(statusCode(of: text) == 401)
            #expect(!text.contains("100 Continue"))
            // The client may still send the content it was not asked for: the connection closes.
            #expect(text.contains("Connection: close\r\n"))
            #expect(closed)
        }
    }

    @Test func aLargeUploadRefusedOnItsHeadIsNotRead() async throws {
        try await withServer(responder: Self.refusing) { _, port in
            let connection = try RawConnection(port: port)
            // 100 MB announced; only the head is sent. The answer comes without the content.
            connection.send("POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 100000000\r\n\r\n")
            let (text, closed) = await connection.readUntilClosed()
            #expect(statusCode(of: text) == 401)
            #expect(text.contains("Connection: close\r\n"))
            #expect(closed)
        }
    }

    @Test func aSmallUnreadBodyIsDroppedAndTheConnectionKept() async throws {
        try await withServer(responder: EchoResponder(handler: { request in
            HTTPResponse(status: .ok, body: .bytes(Array(request.target.utf8)))
        })) { _, port in
            let connection = try RawConnection(port: port)
            // The first request's content is never asked for; the second follows it at once.
            connection.send("POST /first HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n0123456789GET /second HTTP/1.1\r\nHost: a\r\n\r\n")
            let responses = await connection.readResponses(2)
            #expect(responses.count == 2)
            #expect(responses.first?.hasSuffix("/first") == true)
            #expect(responses.last?.hasSuffix("/second") == true)
            #expect(responses.allSatisfy { !$0.contains("Connection: close") })
        }
    }

    @Test func theSameContentComesBackWhenAskedTwice() async throws {
        try await withServer(responder: EchoResponder(handler: { request in
            let first = (try? await request.body.collect(upTo: 100)) ?? []
            let second = (try? await request.body.collect(upTo: 100)) ?? []
            let tooSmall = (try? await request.body.collect(upTo: 2)) == nil
            return HTTPResponse(status: .ok, body: .bytes(first + Array("|".utf8) + second + Array("|\(tooSmall)".utf8)))
        })) { _, port in
            let connection = try RawConnection(port: port)
            connection.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello")
            #expect(await connection.readResponses(1).first?.hasSuffix("hello|hello|true") == true)
        }
    }

    @Test func contentArrivingLaterWakesTheResponder() async throws {
        try await withServer { _, port in
            let connection = try RawConnection(port: port)
            connection.send("POST /slow HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n01234")
            try await Task.sleep(for: .milliseconds(100))
            connection.send("56789")
            #expect(await connection.readResponses(1).first?.hasSuffix("POST /slow HTTP/1.1 10:0123456789") == true)
        }
    }

    @Test func contentCanBeReadFromATaskThatLeftTheLoop() async throws {
        // A detached task does not prefer the connection's loop: it reaches the content through
        // the loop's queue instead of entering in place.
        try await withServer(responder: EchoResponder(handler: { request in
            let body = await Task.detached { (try? await request.body.collect(upTo: 100)) ?? [] }.value
            return HTTPResponse(status: .ok, body: .bytes(body))
        })) { _, port in
            let connection = try RawConnection(port: port)
            connection.send("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
            #expect(await connection.readResponses(1).first?.hasSuffix("abc") == true)
        }
    }

    @Test func aResponderWaitingForContentThatNeverComesIsTold() async throws {
        let outcome = Outcome()
        var configuration = ServerConfiguration(port: 0, eventLoops: 1)
        configuration.bodyReadTimeout = .milliseconds(200)
        try await withServer(configuration, responder: EchoResponder(handler: { request in
            do {
                _ = try await request.body.collect(upTo: 100)
                outcome.value.withLock { $0 = "read" }
            } catch {
                outcome.value.withLock { $0 = String(describing: type(of: error)) }
            }
            return HTTPResponse(status: .ok)
        })) { _, port in
            let connection = try RawConnection(port: port)
            connection.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n012")
            let (text, closed) = await connection.readUntilClosed()
            #expect(statusCode(of: text) == 408)
            #expect(closed)
            // The responder's own answer is dropped; it learned the content is not coming.
            for _ in 0..<100 where outcome.value.withLock({ $0 }) == nil { try await Task.sleep(for: .milliseconds(10)) }
            #expect(outcome.value.withLock { $0 } == "HTTPRequestBodyUnavailable")
        }
    }
}
