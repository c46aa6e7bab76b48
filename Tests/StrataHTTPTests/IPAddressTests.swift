@testable import StrataHTTP
import Testing

@Suite("IP addresses and networks")
struct IPAddressTests {
    @Test(arguments: [
        ("192.0.2.1", "192.0.2.1"), ("0.0.0.0", "0.0.0.0"), ("255.255.255.255", "255.255.255.255"),
        ("2001:DB8:0:0:0:0:0:1", "2001:db8::1"), ("::1", "::1"), ("::", "::"), ("fe80::1:2", "fe80::1:2"),
        ("::ffff:10.1.2.3", "10.1.2.3"), ("::FFFF:c000:0201", "192.0.2.1"),
    ])
    func parsesAndWritesCanonically(text: String, canonical: String) throws {
        let address = try #require(IPAddress(text))
        #expect(address.description == canonical)
        #expect(IPAddress(canonical) == address)
    }

    @Test(arguments: ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4 ", " 1.2.3.4", "[::1]", "::g", "1:2:3:4:5:6:7:8:9",
                      "localhost", "fe80::1%eth0", "1.2.3.4/8", "0x7f.0.0.1"])
    func refusesWhatIsNotANumericAddress(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func anIPv4MappedPeerIsItsIPv4Address() {
        #expect(IPAddress("::ffff:127.0.0.1") == IPAddress(ipv4: 0x7F00_0001))
        #expect(IPAddress("::ffff:127.0.0.1")!.isIPv4)
        #expect(!IPAddress("::1")!.isIPv4)
    }

    @Test func networksContainTheirAddresses() throws {
        let private10 = try #require(IPNetwork("10.0.0.0/8"))
        #expect(private10.contains(IPAddress("10.255.1.2")!))
        #expect(!private10.contains(IPAddress("11.0.0.1")!))
        #expect(private10.contains(IPAddress("::ffff:10.0.0.9")!))
        #expect(!private10.contains(IPAddress("::a00:1")!))  // IPv6, not IPv4-mapped
        let host = try #require(IPNetwork("127.0.0.1"))
        #expect(host.prefixLength == 32 && host.contains(IPAddress("127.0.0.1")!) && !host.contains(IPAddress("127.0.0.2")!))
        let everything = try #require(IPNetwork("0.0.0.0/0"))
        #expect(everything.contains(IPAddress("203.0.113.9")!) && !everything.contains(IPAddress("::1")!))
        let unique = try #require(IPNetwork("fd00::/8"))
        #expect(unique.contains(IPAddress("fd12:3456::1")!) && !unique.contains(IPAddress("fe80::1")!))
        let subnet = try #require(IPNetwork("2001:db8:1:2::/64"))
        #expect(subnet.contains(IPAddress("2001:db8:1:2:ffff::1")!) && !subnet.contains(IPAddress("2001:db8:1:3::1")!))
        let bit = try #require(IPNetwork("192.168.0.0/23"))
        #expect(bit.contains(IPAddress("192.168.1.200")!) && !bit.contains(IPAddress("192.168.2.0")!))
        #expect(IPNetwork("::1/128")?.contains(IPAddress("::1")!) == true)
        #expect(IPNetwork("2001:db8::/33")?.description == "2001:db8::/33")
    }

    @Test(arguments: ["10.0.0.1/8", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/ 8", "10.0.0.0/8/8", "example.com/8", ""])
    func refusesMalformedNetworks(text: String) {
        #expect(IPNetwork(text) == nil)
    }

    @Test func peersAreWrittenWithTheirPorts() {
        #expect(PeerAddress(ip: IPAddress("192.0.2.1")!, port: 5000).description == "192.0.2.1:5000")
        #expect(PeerAddress(ip: IPAddress("2001:db8::1")!, port: 443).description == "[2001:db8::1]:443")
    }
}
