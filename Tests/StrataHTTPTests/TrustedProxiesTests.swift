@testable import StrataHTTP
import Testing

@Suite("Trusted proxies: Forwarded and X-Forwarded-*")
struct TrustedProxiesTests {
    static let proxy = PeerAddress(ip: IPAddress("10.0.0.1")!, port: 40000)
    static let stranger = PeerAddress(ip: IPAddress("198.51.100.7")!, port: 40000)
    static let xForwarded = TrustedProxies(["10.0.0.0/8", "::1"])
    static let forwarded = TrustedProxies(["10.0.0.0/8", "2001:db8:ffff::/48"], fields: .forwarded)

    static func origin(_ client: String?, scheme: String? = nil, host: String? = nil) -> TrustedProxies.Resolution {
        .forwarded(ForwardedOrigin(client: client.map { IPAddress($0)! }, scheme: scheme, host: host))
    }

    struct NotForwarded: Error {}

    /// The origin and problem of a resolution that must have found one.
    static func forwardedOrigin(_ resolution: TrustedProxies.Resolution) throws -> (ForwardedOrigin, String?) {
        guard case .forwarded(let origin, let problem) = resolution else { throw NotForwarded() }
        return (origin, problem)
    }

    // MARK: X-Forwarded-*

    @Test func anUntrustedPeersFieldsAreIgnored() {
        let headers: HTTPHeaders = ["X-Forwarded-For": "1.2.3.4", "X-Forwarded-Proto": "https", "Forwarded": "for=1.2.3.4"]
        #expect(Self.xForwarded.resolve(peer: Self.stranger, headers: headers) == .direct)
        #expect(Self.forwarded.resolve(peer: Self.stranger, headers: headers) == .direct)
        #expect(Self.xForwarded.resolve(peer: nil, headers: headers) == .direct)
        #expect(TrustedProxies([]).resolve(peer: Self.proxy, headers: headers) == .direct)
    }

    @Test func aTrustedProxyWithoutFieldsLeavesThePeerTheClient() {
        #expect(Self.xForwarded.resolve(peer: Self.proxy, headers: ["Host": "a"]) == .direct)
    }

    @Test func theClientIsTheFirstUntrustedAddressFromTheRight() {
        let resolve = { (value: String) in Self.xForwarded.resolve(peer: Self.proxy, headers: ["X-Forwarded-For": value]) }
        #expect(resolve("203.0.113.7") == Self.origin("203.0.113.7"))
        #expect(resolve("203.0.113.7, 10.0.0.2, 10.0.0.3") == Self.origin("203.0.113.7"))
        // A client that writes the field itself: the edge proxy appends the address it saw, and
        // the walk stops there.
        #expect(resolve("1.2.3.4, 203.0.113.7") == Self.origin("203.0.113.7"))
        #expect(resolve("1.2.3.4, 203.0.113.7, 10.9.9.9") == Self.origin("203.0.113.7"))
        // Every hop trusted: the leftmost is the client.
        #expect(resolve("10.0.0.5, 10.0.0.6") == Self.origin("10.0.0.5"))
    }

    @Test func severalFieldLinesAreOneList() {
        var headers = HTTPHeaders()
        headers.add("X-Forwarded-For", "1.2.3.4")
        headers.add("X-Forwarded-For", "203.0.113.7, 10.0.0.2")
        #expect(Self.xForwarded.resolve(peer: Self.proxy, headers: headers) == Self.origin("203.0.113.7"))
    }

    @Test func addressesMayBeIPv6AndCarryPorts() {
        let resolve = { (value: String) in Self.xForwarded.resolve(peer: Self.proxy, headers: ["X-Forwarded-For": value]) }
        #expect(resolve("2001:db8::7") == Self.origin("2001:db8::7"))
        #expect(resolve("[2001:db8::7]:4711") == Self.origin("2001:db8::7"))
        #expect(resolve("[2001:db8::7]") == Self.origin("2001:db8::7"))
        #expect(resolve("203.0.113.7:5000") == Self.origin("203.0.113.7"))
        #expect(resolve("203.0.113.7, ::1") == Self.origin("203.0.113.7"))
        // An IPv6 peer, and a dual-stack socket's IPv4-mapped one.
        let v6 = PeerAddress(ip: IPAddress("::1")!, port: 1)
        #expect(Self.xForwarded.resolve(peer: v6, headers: ["X-Forwarded-For": "203.0.113.7"]) == Self.origin("203.0.113.7"))
        let mapped = PeerAddress(ip: IPAddress("::ffff:10.0.0.1")!, port: 1)
        #expect(Self.xForwarded.resolve(peer: mapped, headers: ["X-Forwarded-For": "203.0.113.7"]) == Self.origin("203.0.113.7"))
    }

    @Test func schemeAndHostComeWithTheClientsEntry() {
        let single: HTTPHeaders = ["X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "HTTPS", "X-Forwarded-Host": "books.example.com"]
        #expect(Self.xForwarded.resolve(peer: Self.proxy, headers: single) == Self.origin("203.0.113.7", scheme: "https", host: "books.example.com"))
        // Appended by each proxy: the entry aligned with the client's address.
        let chain: HTTPHeaders = ["X-Forwarded-For": "203.0.113.7, 10.0.0.2", "X-Forwarded-Proto": "https, http",
                                  "X-Forwarded-Host": "books.example.com, internal:8080"]
        #expect(Self.xForwarded.resolve(peer: Self.proxy, headers: chain) == Self.origin("203.0.113.7", scheme: "https", host: "books.example.com"))
        // Set once, by the nearest proxy: its value.
        let set: HTTPHeaders = ["X-Forwarded-For": "203.0.113.7, 10.0.0.2", "X-Forwarded-Proto": "https"]
        #expect(Self.xForwarded.resolve(peer: Self.proxy, headers: set) == Self.origin("203.0.113.7", scheme: "https"))
        // A scheme without addresses: the peer stays the client.
        #expect(Self.xForwarded.resolve(peer: Self.proxy, headers: ["X-Forwarded-Proto": "https"]) == Self.origin("10.0.0.1", scheme: "https"))
        #expect(Self.xForwarded.resolve(peer: Self.proxy, headers: ["X-Forwarded-Host": "[2001:db8::1]:8443"])
            == Self.origin("10.0.0.1", host: "[2001:db8::1]:8443"))
    }

    @Test(arguments: ["not-an-address", "203.0.113.7, , 10.0.0.2", "203.0.113.7:http", "[2001:db8::7", "unknown", "1.2.3.4, bogus"])
    func anAddressThatDoesNotParseLeavesTheClientUnknown(value: String) throws {
        // Never the proxy's own address, which a client could otherwise pass for.
        let (origin, problem) = try Self.forwardedOrigin(Self.xForwarded.resolve(peer: Self.proxy, headers: ["X-Forwarded-For": value]))
        #expect(origin.client == nil)
        #expect(problem != nil)
    }

    @Test func aClientsJunkLeftOfTheBoundaryIsNeverRead() {
        #expect(Self.xForwarded.resolve(peer: Self.proxy, headers: ["X-Forwarded-For": "1.2.3.4, 203.0.113.7"]) == Self.origin("203.0.113.7"))
        #expect(Self.forwarded.resolve(peer: Self.proxy, headers: ["Forwarded": "for=1.2.3.4;;=junk;x, for=192.0.2.43"]) == Self.origin("192.0.2.43"))
        #expect(Self.forwarded.resolve(peer: Self.proxy, headers: ["Forwarded": "garbage\u{01}, for=192.0.2.43;proto=https"])
            == Self.origin("192.0.2.43", scheme: "https"))
    }

    @Test(arguments: [
        ("ftp", nil, nil), ("https", "a b", "https"), (nil, "a/b", nil), (nil, "user@host", nil), (nil, "host:99999x", nil),
    ] as [(String?, String?, String?)])
    func aBadSchemeOrHostIsDroppedAlone(proto: String?, host: String?, keptScheme: String?) throws {
        var headers: HTTPHeaders = ["X-Forwarded-For": "203.0.113.7"]
        if let proto { headers.add("X-Forwarded-Proto", proto) }
        if let host { headers.add("X-Forwarded-Host", host) }
        let (origin, problem) = try Self.forwardedOrigin(Self.xForwarded.resolve(peer: Self.proxy, headers: headers))
        #expect(origin == ForwardedOrigin(client: IPAddress("203.0.113.7"), scheme: keptScheme))
        #expect(problem != nil)
    }

    @Test func eachConfigurationReadsOnlyItsOwnFields() {
        #expect(Self.xForwarded.resolve(peer: Self.proxy, headers: ["Forwarded": "for=203.0.113.7"]) == .direct)
        #expect(Self.forwarded.resolve(peer: Self.proxy, headers: ["X-Forwarded-For": "203.0.113.7"]) == .direct)
    }

    // MARK: Forwarded (RFC 7239)

    @Test func forwardedElementsAreReadFromTheRight() {
        let resolve = { (value: String) in Self.forwarded.resolve(peer: Self.proxy, headers: ["Forwarded": value]) }
        #expect(resolve("for=192.0.2.60;proto=https;by=203.0.113.43") == Self.origin("192.0.2.60", scheme: "https"))
        #expect(resolve(#"for="[2001:db8:cafe::17]:4711""#) == Self.origin("2001:db8:cafe::17"))
        #expect(resolve("For=192.0.2.60 ; Proto=HTTP;Host=example.com") == Self.origin("192.0.2.60", scheme: "http", host: "example.com"))
        // RFC 7239 §7.4's chain, the client spoofing an element in front.
        #expect(resolve("for=1.2.3.4, for=192.0.2.43;proto=https;host=books.example.com, for=10.0.0.9;proto=http")
            == Self.origin("192.0.2.43", scheme: "https", host: "books.example.com"))
        #expect(resolve(#"for="[2001:db8:ffff::1]", for=198.51.100.17"#) == Self.origin("198.51.100.17"))
        #expect(resolve(#"for=198.51.100.17, for="[2001:db8:ffff::1]""#) == Self.origin("198.51.100.17"))
        #expect(resolve(#"for="192.0.2.60";host="example.com:8443""#) == Self.origin("192.0.2.60", host: "example.com:8443"))
    }

    @Test func aHiddenClientHasNoAddress() {
        let resolve = { (value: String) in Self.forwarded.resolve(peer: Self.proxy, headers: ["Forwarded": value]) }
        #expect(resolve("for=unknown;proto=https") == Self.origin(nil, scheme: "https"))
        #expect(resolve("for=_hidden, for=10.0.0.3") == Self.origin(nil))
        #expect(resolve("for=192.0.2.1, for=_SEVKISEK") == Self.origin(nil))
    }

    @Test func severalForwardedLinesAreOneList() {
        var headers = HTTPHeaders()
        headers.add("Forwarded", "for=192.0.2.43")
        headers.add("Forwarded", "for=10.0.0.2")
        #expect(Self.forwarded.resolve(peer: Self.proxy, headers: headers) == Self.origin("192.0.2.43"))
    }

    @Test func nodesMayCarryObfuscatedPortsAndHopsMayHideTheirAddress() {
        let resolve = { (value: String) in Self.forwarded.resolve(peer: Self.proxy, headers: ["Forwarded": value]) }
        #expect(resolve(#"for="unknown:80""#) == Self.origin(nil))
        #expect(resolve(#"for="_obf:_port""#) == Self.origin(nil))
        #expect(resolve(#"for="192.0.2.1:_p""#) == Self.origin("192.0.2.1"))
        #expect(resolve(#"for="[2001:db8::1]:_x""#) == Self.origin("2001:db8::1"))
        // An element without for= (RFC 7239 allows it): that hop is unknown.
        #expect(resolve("proto=https") == Self.origin(nil, scheme: "https"))
        #expect(resolve("by=10.0.0.1;host=example.com") == Self.origin(nil, host: "example.com"))
    }

    @Test(arguments: [
        "for", "for=", "for=192.0.2.1;for=192.0.2.2", #"for="192.0.2.1"#, "for=192.0.2.1 x", "for=not-an-address",
        "for=[2001:db8::1]", "for=192.0.2.1;=x", "for=_", "for=_a b", #"for="\u{01}""#, "for=192.0.2.1:99999", #"for="unknown:_""#,
        #"for="1.2.3.4, for=192.0.2.43"#,
    ])
    func aRightmostElementThatDoesNotParseLeavesTheClientUnknown(value: String) throws {
        let (origin, problem) = try Self.forwardedOrigin(Self.forwarded.resolve(peer: Self.proxy, headers: ["Forwarded": value]))
        #expect(origin.client == nil)
        #expect(problem != nil)
    }

    @Test func aBadProtoOrHostInForwardedIsDroppedAlone() throws {
        let resolved = Self.forwarded.resolve(peer: Self.proxy, headers: ["Forwarded": #"for=192.0.2.1;proto=gopher;host="a b""#])
        let (origin, problem) = try Self.forwardedOrigin(resolved)
        #expect(origin == ForwardedOrigin(client: IPAddress("192.0.2.1")))
        #expect(problem?.contains("proto gopher") == true && problem?.contains("host a b") == true)
    }
}
