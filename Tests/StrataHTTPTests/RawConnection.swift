import Dispatch
import Foundation
import StrataHTTP
import Glibc

/// A blocking TCP connection to the server under test, sending exact bytes and reading what
/// comes back — the way the hostile and odd clients of these tests talk.
/// The blocking reads run on a Dispatch queue, never on Swift's cooperative threads: a test
/// blocked in `recv` must not starve other tests' tasks (or the server's handlers) of threads.
///
/// `@unchecked Sendable`: its only state is an immutable file descriptor, and a test uses a
/// connection from one task at a time — each read runs on the queue while that task awaits it.
final class RawConnection: @unchecked Sendable {
    let fd: Int32

    init(port: Int, timeout: Double = 3) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var time = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(fd)
            throw SystemProbeError.connectFailed(errno)
        }
    }

    deinit { close(fd) }

    func send(_ text: String) {
        send(Array(text.utf8))
    }

    /// Writes `bytes` without blocking until the socket refuses three times in a row, 50 ms
    /// apart — what a client can push while the server reads nothing; returns how many went.
    func sendUntilBlocked(_ bytes: [UInt8]) async -> Int {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        var accepted = 0
        var refusals = 0
        while accepted < bytes.count && refusals < 3 {
            let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + accepted, min(1 << 20, $0.count - accepted), Int32(MSG_NOSIGNAL)) }
            if sent > 0 {
                accepted += sent
                refusals = 0
            } else {
                refusals += 1
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
        _ = fcntl(fd, F_SETFL, flags)
        return accepted
    }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return }
            offset += sent
        }
    }

    /// Shuts down the sending side: the server sees the end of the request stream.
    func halfClose() {
        shutdown(fd, Int32(SHUT_WR))
    }

    /// Everything until the server closes the connection or the timeout passes; the flag
    /// says whether the server closed it.
    func readUntilClosed() async -> (text: String, closed: Bool) {
        await offPool { self.readUntilClosedBlocking() }
    }

    func readResponses(_ count: Int) async -> [String] {
        await offPool { self.readResponsesBlocking(count) }
    }

    private func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: work()) }
        }
    }

    private func readUntilClosedBlocking() -> (text: String, closed: Bool) {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received.append(contentsOf: buffer[..<count])
            } else {
                return (String(decoding: received, as: UTF8.self), count == 0 || errno == ECONNRESET)
            }
        }
    }

    /// Reads until `text` holds `count` complete responses framed by Content-Length (or the
    /// timeout passes).
    private func readResponsesBlocking(_ count: Int) -> [String] {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let responses = Self.split(received)
            if responses.count >= count { return responses }
            let read = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if read <= 0 { return responses }
            received.append(contentsOf: buffer[..<read])
        }
    }

    /// Complete responses at the front of `bytes`, each as text.
    static func split(_ bytes: [UInt8]) -> [String] {
        var responses: [String] = []
        var rest = String(decoding: bytes, as: UTF8.self)[...]
        while let headEnd = rest.range(of: "\r\n\r\n") {
            let head = rest[..<headEnd.upperBound]
            var length = 0
            for line in head.split(separator: "\r\n") where line.lowercased().hasPrefix("content-length:") {
                length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
            }
            if head.hasPrefix("HTTP/1.1 100 ") || head.hasPrefix("HTTP/1.1 204 ") || head.hasPrefix("HTTP/1.1 304 ") { length = 0 }
            let bodyEnd = rest.utf8.index(headEnd.upperBound, offsetBy: length, limitedBy: rest.utf8.endIndex)
            guard let bodyEnd else { break }
            responses.append(String(rest[..<bodyEnd]))
            rest = rest[bodyEnd...]
        }
        return responses
    }
}

enum SystemProbeError: Error {
    case connectFailed(Int32)
}

/// The status code on the first line of a response.
func statusCode(of response: String) -> Int? {
    let parts = response.split(separator: " ", maxSplits: 2)
    return parts.count >= 2 ? Int(parts[1]) : nil
}

/// The number of file descriptors this process has open.
func openFileDescriptors() -> Int {
    (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
}
