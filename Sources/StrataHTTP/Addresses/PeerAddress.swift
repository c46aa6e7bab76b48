import Glibc

/// The address and port at the other end of a connection: the client, or the last proxy
/// before the server.
public struct PeerAddress: Sendable, Hashable, CustomStringConvertible {
    /// The peer's IP address.
    public var ip: IPAddress
    /// The peer's TCP port.
    public var port: Int

    /// A peer address.
    public init(ip: IPAddress, port: Int) {
        self.ip = ip
        self.port = port
    }

    /// The address `accept` filled in, if it is IPv4 or IPv6.
    init?(_ storage: sockaddr_storage) {
        var storage = storage
        switch Int32(storage.ss_family) {
        case AF_INET:
            let address = withUnsafeBytes(of: &storage) { $0.load(as: sockaddr_in.self) }
            self.init(ip: IPAddress(ipv4: UInt32(bigEndian: address.sin_addr.s_addr)), port: Int(UInt16(bigEndian: address.sin_port)))
        case AF_INET6:
            let address = withUnsafeBytes(of: &storage) { $0.load(as: sockaddr_in6.self) }
            let ip = withUnsafeBytes(of: address.sin6_addr) { IPAddress(ipv6Bytes: $0) }
            self.init(ip: ip, port: Int(UInt16(bigEndian: address.sin6_port)))
        default:
            return nil
        }
    }

    /// `192.0.2.1:5000`, or `[2001:db8::1]:5000`.
    public var description: String {
        ip.isIPv4 ? "\(ip):\(port)" : "[\(ip)]:\(port)"
    }
}
