import Strata
import StrataTesting
import Testing

/// The client address, scheme and host a handler sees, through trusted proxies and past
/// untrusted ones — the same on both transports (the peer is 127.0.0.1 on each).
@Suite("Proxy awareness")
struct ProxyAwarenessTests {
    struct Origin: Codable, Sendable, Equatable {
        let peer: String?
        let client: String?
        let scheme: String
        let host: String?
        let secure: Bool
        let link: String?
    }

    static func app(trusting proxies: TrustedProxies?) -> App {
        App(trustedProxies: proxies, routes: [
            Get("/origin") { request in
                Origin(peer: request.peer.map { "\($0.ip)" }, client: request.clientAddress.map { "\($0)" }, scheme: request.scheme,
                       host: request.host, secure: request.isSecure, link: request.absoluteURL("/books/7"))
            },
        ])
    }

    static let forwardedByNginx: HTTPHeaders = [
        "X-Forwarded-For": "1.2.3.4, 203.0.113.7", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "books.example.com",
    ]

    @Test(arguments: TestTransport.allCases)
    func behindATrustedProxyTheClientIsWhatItSays(transport: TestTransport) async throws {
        let client = try TestClient(Self.app(trusting: TrustedProxies(["127.0.0.1", "10.0.0.0/8"])), transport: transport)
        let origin = try await client.get("/origin", headers: Self.forwardedByNginx).json(Origin.self)
        #expect(origin == Origin(peer: "127.0.0.1", client: "203.0.113.7", scheme: "https", host: "books.example.com", secure: true,
                                 link: "https://books.example.com/books/7"))
        await client.shutdown()
    }

    @Test(arguments: TestTransport.allCases)
    func fromAnUntrustedPeerTheFieldsAreIgnored(transport: TestTransport) async throws {
        for proxies in [nil, TrustedProxies(["10.0.0.0/8"])] {
            let client = try TestClient(Self.app(trusting: proxies), transport: transport)
            let origin = try await client.get("/origin", headers: Self.forwardedByNginx).json(Origin.self)
            #expect(origin == Origin(peer: "127.0.0.1", client: "127.0.0.1", scheme: "http", host: "strata.test", secure: false,
                                     link: "http://strata.test/books/7"))
            await client.shutdown()
        }
    }

    @Test(arguments: TestTransport.allCases)
    func aMalformedFieldFromATrustedProxyLeavesTheClientUnknown(transport: TestTransport) async throws {
        let client = try TestClient(Self.app(trusting: TrustedProxies(["127.0.0.1"], fields: .forwarded)), transport: transport)
        // Two `for` in one element: the hop cannot be read, so the client is unknown — not the
        // proxy, which it could otherwise pass for.
        let origin = try await client.get("/origin", headers: ["Forwarded": "for=203.0.113.7;proto=https;for=1.1.1.1"]).json(Origin.self)
        #expect(origin.client == nil && origin.peer == "127.0.0.1" && origin.scheme == "http")
        let good = try await client.get("/origin", headers: ["Forwarded": #"for="[2001:db8::7]:4711";proto=https"#]).json(Origin.self)
        #expect(good.client == "2001:db8::7" && good.scheme == "https" && good.host == "strata.test")
        await client.shutdown()
    }

    @Test func anInvalidTrustedProxyIsABuildError() {
        let app = Self.app(trusting: TrustedProxies(["10.0.0.0/8", "10.0.0.1/8", "proxy.internal"]))
        #expect {
            try app.build()
        } throws: { error in
            let message = "\(error)"
            return message.contains(#"trustedProxies: "10.0.0.1/8" is neither an IP address nor a CIDR range"#)
                && message.contains(#""proxy.internal""#)
        }
    }
}
