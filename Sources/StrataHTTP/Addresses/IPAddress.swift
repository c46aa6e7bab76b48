import Glibc

/// An IPv4 or IPv6 address, parsed strictly (`inet_pton`) and written in its canonical form
/// (RFC 5952 for IPv6). An IPv4-mapped IPv6 address (`::ffff:192.0.2.1`, as a dual-stack
/// socket reports an IPv4 peer) is its IPv4 address, so `10.0.0.0/8` matches it.
///
/// ```swift
/// let address = IPAddress("2001:db8::1")!
/// print(address)             // 2001:db8::1
/// print(IPAddress("::ffff:10.1.2.3")!)   // 10.1.2.3
/// ```
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// IPv4 in the low 32 bits of `low`; IPv6 as two big-endian halves.
    package let high: UInt64
    package let low: UInt64
    /// Whether this is an IPv4 address.
    public let isIPv4: Bool

    /// Parses a numeric IPv4 (`192.0.2.1`) or IPv6 (`2001:db8::1`, without brackets or zone)
    /// address; `nil` for anything else.
    public init?(_ text: some StringProtocol) {
        let text = String(text)
        guard !text.isEmpty, text.utf8.count <= 45 else { return nil }
        if text.utf8.contains(UInt8(ascii: ":")) {
            var address = in6_addr()
            guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
            self = withUnsafeBytes(of: address) { IPAddress(ipv6Bytes: $0) }
        } else {
            var address = in_addr()
            guard inet_pton(AF_INET, text, &address) == 1 else { return nil }
            self.init(ipv4: UInt32(bigEndian: address.s_addr))
        }
    }

    /// The IPv4 address with this value (`0x7F000001` is `127.0.0.1`).
    public init(ipv4 value: UInt32) {
        self.init(high: 0, low: UInt64(value), isIPv4: true)
    }

    private init(high: UInt64, low: UInt64, isIPv4: Bool) {
        self.high = high
        self.low = low
        self.isIPv4 = isIPv4
    }

    /// The IPv6 address of these 16 bytes, in network order (an IPv4-mapped one becomes IPv4).
    init(ipv6Bytes bytes: UnsafeRawBufferPointer) {
        var high: UInt64 = 0, low: UInt64 = 0
        for index in 0..<8 {
            high = high << 8 | UInt64(bytes[index])
            low = low << 8 | UInt64(bytes[8 + index])
        }
        if high == 0, low >> 32 == 0xFFFF {
            self.init(ipv4: UInt32(truncatingIfNeeded: low))
        } else {
            self.init(high: high, low: low, isIPv4: false)
        }
    }

    /// The address as 128 bits, IPv4 in the low 32: for prefix comparisons.
    var bits: (high: UInt64, low: UInt64) { (high, low) }

    /// The canonical text: dotted decimal, or RFC 5952's shortest IPv6 form.
    public var description: String {
        if isIPv4 {
            let value = UInt32(truncatingIfNeeded: low)
            return "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
        }
        var address = in6_addr()
        withUnsafeMutableBytes(of: &address) { raw in
            for index in 0..<8 {
                raw[index] = UInt8(truncatingIfNeeded: high >> (56 - 8 * index))
                raw[8 + index] = UInt8(truncatingIfNeeded: low >> (56 - 8 * index))
            }
        }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count)) != nil else { return "::" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
