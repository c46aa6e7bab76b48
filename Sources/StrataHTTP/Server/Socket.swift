import CStrataSystem
import Glibc

/// The few socket calls the server makes, with their errors as ``SystemError``.
enum Socket {
    /// A non-blocking TCP listener on `host:port`. With `reusePort`, several listeners share
    /// the port and the kernel spreads connections over them (one per event loop).
    static func listen(host: String, port: Int, reusePort: Bool, backlog: Int32 = 4096) throws(SystemError) -> Int32 {
        let fd = try bound(host: host, port: port, reusePort: reusePort)
        guard Glibc.listen(fd, backlog) == 0 else {
            let error = SystemError("listen")
            close(fd)
            throw error
        }
        return fd
    }

    /// Throws `EADDRINUSE` if any socket listens on `host:port` — one of another process that
    /// shares its port (`SO_REUSEPORT`) included, which a listener with `SO_REUSEPORT` of its
    /// own would silently join. The probe binds without `SO_REUSEPORT` (and without listening,
    /// so it never takes a connection) and closes at once.
    static func checkPortIsFree(host: String, port: Int) throws(SystemError) {
        close(try bound(host: host, port: port, reusePort: false))
    }

    /// A non-blocking TCP socket bound to `host:port`. `SO_REUSEADDR`: connections of an earlier
    /// process in TIME_WAIT do not hold the port.
    private static func bound(host: String, port: Int, reusePort: Bool) throws(SystemError) -> Int32 {
        let address = try SocketAddress(host: host, port: port)
        let fd = socket(address.family, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SystemError("socket") }
        do throws(SystemError) {
            try setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR")
            if reusePort { try setOption(fd, SOL_SOCKET, SO_REUSEPORT, 1, "SO_REUSEPORT") }
            let bound = address.withSockaddr { bind(fd, $0, $1) }
            guard bound == 0 else { throw SystemError("bind \(host):\(port)") }
        } catch {
            close(fd)
            throw error
        }
        return fd
    }

    /// Copies of `fd`, a listening TCP socket this process was given, one per event loop:
    /// the loops accept from one queue (and close only their copies). The socket is made
    /// non-blocking; anything but a listening stream socket is refused.
    static func duplicates(ofListener fd: Int32, count: Int) throws(SystemError) -> [Int32] {
        var type: Int32 = 0, listening: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length) == 0 else { throw SystemError("inherited socket \(fd)") }
        length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &length) == 0 else { throw SystemError("inherited socket \(fd)") }
        guard type == Int32(SOCK_STREAM.rawValue), listening == 1 else {
            throw SystemError("inherited socket \(fd) is not a listening TCP socket", code: ENOTSOCK)
        }
        guard fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == 0 else { throw SystemError("fcntl(O_NONBLOCK)") }
        var copies: [Int32] = []
        for _ in 0..<count {
            let copy = fcntl(fd, F_DUPFD_CLOEXEC, 0)
            guard copy >= 0 else {
                for made in copies { close(made) }
                throw SystemError("dup")
            }
            copies.append(copy)
        }
        return copies
    }

    /// The address `fd` is bound to.
    static func localAddress(of fd: Int32) -> PeerAddress? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return result == 0 ? PeerAddress(storage) : nil
    }

    /// The port `fd` is bound to (useful after binding port 0); 0 if it cannot be read.
    static func localPort(of fd: Int32) -> Int {
        localAddress(of: fd)?.port ?? 0
    }

    /// Turns off Nagle's algorithm: responses leave as soon as they are written.
    static func setNoDelay(_ fd: Int32) {
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    private static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32, _ label: String) throws(SystemError) {
        var value = value
        guard setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw SystemError("setsockopt(\(label))")
        }
    }
}

/// An IPv4 or IPv6 socket address parsed from a numeric host (or `localhost`).
struct SocketAddress {
    private var storage = sockaddr_storage()
    private let length: socklen_t
    let family: Int32

    init(host: String, port: Int) throws(SystemError) {
        guard (0...65_535).contains(port) else { throw SystemError("port \(port)", code: EINVAL) }
        let numeric = host == "localhost" ? "127.0.0.1" : host
        if numeric.contains(":") {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = UInt16(port).bigEndian
            guard inet_pton(AF_INET6, numeric, &address.sin6_addr) == 1 else { throw SystemError("address \(host)", code: EINVAL) }
            withUnsafeMutableBytes(of: &storage) { target in
                withUnsafeBytes(of: address) { target.copyMemory(from: $0) }
            }
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            family = AF_INET6
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(port).bigEndian
            guard inet_pton(AF_INET, numeric, &address.sin_addr) == 1 else { throw SystemError("address \(host)", code: EINVAL) }
            withUnsafeMutableBytes(of: &storage) { target in
                withUnsafeBytes(of: address) { target.copyMemory(from: $0) }
            }
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
            family = AF_INET
        }
    }

    func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        withUnsafePointer(to: storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }
}
