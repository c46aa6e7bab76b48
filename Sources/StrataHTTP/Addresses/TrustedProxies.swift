/// The proxies whose `Forwarded` (RFC 7239) or `X-Forwarded-For`/`-Proto`/`-Host` fields the
/// app believes, by address: only a request whose peer is one of them has its client
/// address, scheme and host taken from those fields; from any other peer they are ignored, as
/// a client can write them.
///
/// ```swift
/// let app = App(trustedProxies: TrustedProxies(["10.0.0.0/8", "127.0.0.1"]), routes: [
///     Get("/") { request in request.clientAddress.map { "\($0)" } ?? "unknown" },
/// ])
/// ```
///
/// The chain is read from the right, as each proxy appends the address it received from: the
/// first address that is not a trusted proxy is the client's. A hop whose address does not
/// parse leaves the client unknown (`nil`, never the proxy's address); a scheme or host that
/// does not parse is left out. Either is reported.
public struct TrustedProxies: Sendable {
    /// Which fields the proxies write. Name the one your proxy sets: a proxy that sets one
    /// passes the other on from the client unchanged, and a client can write anything.
    public enum Fields: Sendable, Equatable {
        /// `Forwarded: for=…;proto=…;host=…` (RFC 7239).
        case forwarded
        /// `X-Forwarded-For`, `X-Forwarded-Proto`, `X-Forwarded-Host`: what nginx and HAProxy
        /// are usually configured to send.
        case xForwarded
    }

    /// What ``TrustedProxies/resolve(peer:headers:)`` found.
    public enum Resolution: Sendable, Equatable {
        /// The peer is not a trusted proxy, or it sent no forwarding fields: the peer is the client.
        case direct
        /// A trusted proxy said where the request came from. `problem` names what did not
        /// parse and was left out: a hop whose address cannot be read leaves the client
        /// unknown (never the proxy, which a client could otherwise pass for); a bad scheme or
        /// host is dropped alone.
        case forwarded(ForwardedOrigin, problem: String? = nil)
    }

    /// The trusted addresses and ranges.
    public let networks: [IPNetwork]
    /// The entries that are neither an address nor a CIDR range; building an app with any is
    /// an error that names them.
    public let invalidEntries: [String]
    /// The fields read.
    public let fields: Fields

    /// Proxies at these addresses or CIDR ranges (`10.0.0.0/8`, `::1`, `fd00::/8`).
    public init(_ networks: [String], fields: Fields = .xForwarded) {
        var valid: [IPNetwork] = []
        var invalid: [String] = []
        for entry in networks {
            if let network = IPNetwork(entry) { valid.append(network) } else { invalid.append(entry) }
        }
        self.networks = valid
        invalidEntries = invalid
        self.fields = fields
    }

    /// Whether `address` is a trusted proxy.
    public func trusts(_ address: IPAddress) -> Bool {
        networks.contains { $0.contains(address) }
    }

    /// Where a request from `peer` with `headers` came from.
    public func resolve(peer: PeerAddress?, headers: HTTPHeaders) -> Resolution {
        guard let peer, trusts(peer.ip) else { return .direct }
        switch fields {
        case .forwarded: return resolveForwarded(peer: peer.ip, values: headers.values(for: "Forwarded"))
        case .xForwarded: return resolveXForwarded(peer: peer.ip, headers: headers)
        }
    }

    private func resolveForwarded(peer: IPAddress, values: [String]) -> Resolution {
        guard !values.isEmpty else { return .direct }
        let elements = ForwardedField.elements(of: values)
        guard !elements.isEmpty else { return .direct }
        // From the right: what lies left of the first untrusted hop is the client's to write,
        // and is never looked at.
        for index in elements.indices.reversed() {
            guard let element = elements[index] else {
                return .forwarded(ForwardedOrigin(client: nil), problem: "Forwarded: an element that does not parse")
            }
            guard let node = element["for"] else {
                // RFC 7239 lets a proxy leave the address out: the hop is unknown.
                return origin(client: nil, scheme: element["proto"], host: element["host"], field: "Forwarded")
            }
            guard let client = ForwardedField.node(node) else {
                return .forwarded(ForwardedOrigin(client: nil), problem: "Forwarded: for=\(node)")
            }
            // An obfuscated or unknown node ends the walk: what is left of it cannot be judged.
            if index == elements.startIndex || client.map(trusts) != true {
                return origin(client: client, scheme: element["proto"], host: element["host"], field: "Forwarded")
            }
        }
        return .direct
    }

    private func resolveXForwarded(peer: IPAddress, headers: HTTPHeaders) -> Resolution {
        let addresses = Self.list(headers.values(for: "X-Forwarded-For"))
        let schemes = Self.list(headers.values(for: "X-Forwarded-Proto"))
        let hosts = Self.list(headers.values(for: "X-Forwarded-Host"))
        guard !addresses.isEmpty || !schemes.isEmpty || !hosts.isEmpty else { return .direct }
        var client: IPAddress? = peer
        var position = 0  // From the right: 0 is the entry the nearest proxy wrote.
        for (offset, entry) in addresses.reversed().enumerated() {
            guard let address = ForwardedField.address(entry) else {
                return .forwarded(ForwardedOrigin(client: nil), problem: "X-Forwarded-For: \(entry)")
            }
            client = address
            position = offset
            if !trusts(address) { break }
        }
        // A proxy that appends its own value to each field keeps them aligned with
        // X-Forwarded-For; one that sets a single value means the request it received.
        func aligned(_ values: [String]) -> String? {
            guard !values.isEmpty else { return nil }
            return values.count == addresses.count ? values[values.count - 1 - position] : values.last
        }
        return origin(client: client, scheme: aligned(schemes), host: aligned(hosts), field: "X-Forwarded")
    }

    /// The origin with `scheme` and `host` where they are valid; an invalid one is left out
    /// and named.
    private func origin(client: IPAddress?, scheme: String?, host: String?, field: String) -> Resolution {
        var origin = ForwardedOrigin(client: client)
        var problems: [String] = []
        if let scheme {
            let lowered = ASCII.lowercased(scheme)
            if lowered == "http" || lowered == "https" { origin.scheme = lowered } else { problems.append("\(field) proto \(scheme)") }
        }
        if let host {
            if ForwardedField.isValidHost(host) { origin.host = host } else { problems.append("\(field) host \(host)") }
        }
        return .forwarded(origin, problem: problems.isEmpty ? nil : problems.joined(separator: "; "))
    }

    /// The comma-separated elements of every value of a field, trimmed.
    private static func list(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }.map { String($0.trimmingCharacters(in: " \t")) }
    }
}
