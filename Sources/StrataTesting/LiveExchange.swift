import Dispatch
import Strata
import Glibc

/// One request and response over a new TCP connection to 127.0.0.1 — the live transport's
/// small HTTP/1.1 client.
///
/// The socket calls block, so they run on a Dispatch queue rather than Swift's cooperative
/// threads, which the server's handlers may need.
enum LiveExchange {
    static func send(_ request: [UInt8], port: Int, method: HTTPMethod, timeoutSeconds: Int = 30) async throws -> [UInt8] {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try exchange(request, port: port, method: method, timeoutSeconds: timeoutSeconds) })
            }
        }
    }

    /// The request line, fields and content of `request` as a client writes them.
    static func serialize(_ request: HTTPRequest, body: [UInt8]) -> [UInt8] {
        var bytes = Array("\(request.method) \(request.target) HTTP/1.1\r\n".utf8)
        for field in request.headers {
            bytes.append(contentsOf: "\(field.name): \(field.value)\r\n".utf8)
        }
        bytes.append(contentsOf: "\r\n".utf8)
        bytes.append(contentsOf: body)
        return bytes
    }

    /// A connected socket to 127.0.0.1:`port` with `request` sent on it.
    static func connectAndSend(_ request: [UInt8], port: Int, timeoutSeconds: Int = 30) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestClientError.connectionFailed("socket: errno \(errno)") }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw TestClientError.connectionFailed("connect to 127.0.0.1:\(port): errno \(errno)")
        }
        var offset = 0
        while offset < request.count {
            let sent = request.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else {
                close(fd)
                throw TestClientError.connectionFailed("send: errno \(errno)")
            }
            offset += sent
        }
        return fd
    }

    /// The next bytes from `fd`, or `nil` when the server closed the connection.
    static func receive(_ fd: Int32) throws -> [UInt8]? {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 { return Array(chunk[..<count]) }
            if count == 0 { return nil }
            if errno != EINTR { throw TestClientError.connectionFailed("recv: errno \(errno)") }
        }
    }

    private static func exchange(_ request: [UInt8], port: Int, method: HTTPMethod, timeoutSeconds: Int) throws -> [UInt8] {
        let fd = try connectAndSend(request, port: port, timeoutSeconds: timeoutSeconds)
        defer { close(fd) }
        var received: [UInt8] = []
        while true {
            if let end = try HTTPResponseParser.messageEnd(in: received, requestMethod: method), received.count >= end {
                return received
            }
            guard let chunk = try receive(fd) else {
                // Closed by the server: what arrived is the whole message (close-delimited).
                guard !received.isEmpty else { throw TestClientError.connectionFailed("the server closed the connection without a response") }
                return received
            }
            received += chunk
        }
    }
}
