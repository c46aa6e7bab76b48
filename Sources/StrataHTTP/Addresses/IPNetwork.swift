/// A range of addresses in CIDR notation — `10.0.0.0/8`, `fd00::/8` — or one address.
///
/// ```swift
/// let network = IPNetwork("10.0.0.0/8")!
/// network.contains(IPAddress("10.1.2.3")!)   // true
/// ```
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    /// The first address of the range.
    public let address: IPAddress
    /// How many leading bits are fixed: up to 32 for IPv4, 128 for IPv6.
    public let prefixLength: Int

    /// Parses `address/length` or a single address; `nil` if either part is invalid or the
    /// address has bits set beyond the prefix (`10.0.0.1/8` is a typo for a range or a host,
    /// and which one cannot be guessed).
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(parts[0]) else { return nil }
        let maximum = address.isIPv4 ? 32 : 128
        var length = maximum
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].utf8.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }), parts[1].utf8.count <= 3,
                  let value = Int(parts[1]), value <= maximum else { return nil }
            length = value
        }
        guard Self.masked(address, to: length) == address.bits else { return nil }
        self.address = address
        prefixLength = length
    }

    /// Whether `candidate` is in the range (an IPv4 address is never in an IPv6 range).
    public func contains(_ candidate: IPAddress) -> Bool {
        candidate.isIPv4 == address.isIPv4 && Self.masked(candidate, to: prefixLength) == address.bits
    }

    /// `address/length`, e.g. `10.0.0.0/8`.
    public var description: String {
        "\(address)/\(prefixLength)"
    }

    /// The address's bits with everything past the first `length` cleared.
    private static func masked(_ address: IPAddress, to length: Int) -> (high: UInt64, low: UInt64) {
        let (high, low) = address.bits
        // IPv4 lives in the low 32 bits: its prefix counts from bit 96.
        let total = address.isIPv4 ? length + 96 : length
        let highMask: UInt64 = total >= 64 ? .max : (total == 0 ? 0 : ~(UInt64.max >> total))
        let lowMask: UInt64 = total <= 64 ? 0 : (total >= 128 ? .max : ~(UInt64.max >> (total - 64)))
        return (high & highMask, low & lowMask)
    }
}
