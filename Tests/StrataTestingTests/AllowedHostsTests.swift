import Strata
import StrataTesting
import Testing

/// Hosts an app answers for: any other `Host` is a 400 before routing.
@Suite("Allowed hosts")
struct AllowedHostsTests {
    @Test func patternsMatchHostsWithoutCaseOrPort() {
        let hosts: AllowedHosts = ["books.example.com", "*.api.example.com", "127.0.0.1", "[::1]"]
        for allowed in ["books.example.com", "BOOKS.example.com", "books.example.com:8443", "books.example.com.", "v1.api.example.com",
                        "a.b.api.example.com:80", "127.0.0.1:8000", "[::1]:8000", "[0:0:0:0:0:0:0:1]", "books.example.com:"] {
            #expect(hosts.allows(allowed), "\(allowed)")
        }
        for refused in ["example.com", "api.example.com", "evilbooks.example.com", "books.example.com.evil.test", "xapi.example.com",
                        "127.0.0.2", "[::2]", "", "books.example.com:http", "books.example.com:8:8", "[::1]x", "books example.com"] {
            #expect(!hosts.allows(refused), "\(refused)")
        }
        #expect(!hosts.allows(nil))
        #expect((["*"] as AllowedHosts).allows("anything.test"))
    }

    static func app(_ hosts: AllowedHosts, proxies: TrustedProxies? = nil) -> App {
        App(trustedProxies: proxies, allowedHosts: hosts, routes: [Get("/") { request in request.host ?? "" }])
    }

    @Test(arguments: TestTransport.allCases)
    func anotherHostIsRefusedBeforeRouting(transport: TestTransport) async throws {
        try await TestClient.run(Self.app(["strata.test"]), transport: transport) { client in
            #expect(try await client.get("/").text == "strata.test")
            for path in ["/", "/no-such-route"] {
                let refused = try await client.get(path, headers: ["Host": "evil.test"])
                #expect(refused.status == .badRequest)
                #expect(refused.text.contains("a host this server does not serve"))
            }
        }
    }

    @Test(arguments: TestTransport.allCases)
    func behindATrustedProxyItsHostIsChecked(transport: TestTransport) async throws {
        let app = Self.app(["books.example.com"], proxies: TrustedProxies(["127.0.0.1"]))
        try await TestClient.run(app, transport: transport) { client in
            let proxied = try await client.get("/", headers: ["X-Forwarded-Host": "books.example.com"])
            #expect(proxied.status == .ok && proxied.text == "books.example.com")
            #expect(try await client.get("/", headers: ["X-Forwarded-Host": "evil.test"]).status == .badRequest)
            // Without the proxy's word, the Host field (strata.test) is not allowed.
            #expect(try await client.get("/").status == .badRequest)
        }
    }

    @Test func anInvalidPatternIsABuildError() {
        #expect {
            try Self.app(["books.example.com", "*", "exa mple.com", "*.", "**.example.com"]).build()
        } throws: { error in
            let message = "\(error)"
            return message.contains(#"allowedHosts: "exa mple.com""#) && message.contains(#""*.""#) && message.contains(#""**.example.com""#)
                && !message.contains(#""books.example.com""#)
        }
    }
}
