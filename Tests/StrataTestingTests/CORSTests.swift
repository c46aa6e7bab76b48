import Strata
import StrataTesting
import Testing

/// CORS as the Fetch standard has browsers check it: the CORS check of an actual response
/// (§4.9), the preflight (§4.8) and its cache key (`Vary`).
@Suite("CORS")
struct CORSTests {
    static let signedIn = Guard("signed in", refuses: [.unauthorized]) { request in
        guard request.headers["Authorization"] == "Bearer t" else { throw HTTPError(.unauthorized) }
    }

    static func app(_ cors: CORS) -> App {
        App(routes: [
            Router("/api", routes: [
                Get("/books") { _ in ["Dune"] },
                Post("/books") { _ in "added" }.guards(signedIn),
                Delete("/books") { _ in }.cors(.off),
            ])
            .cors(cors),
            Get("/plain") { _ in "no cors here" },
        ])
    }

    static let site = CORS(origins: ["https://books.example.com", "https://*.preview.example.com", "http://localhost:5173"],
                           headers: ["Content-Type", "Authorization"], exposedHeaders: ["X-Total", "X-Request-ID"],
                           allowsCredentials: true, maxAge: 600)

    // MARK: Actual requests

    @Test(arguments: TestTransport.allCases)
    func anAllowedOriginCanReadTheResponse(transport: TestTransport) async throws {
        try await TestClient.run(Self.app(Self.site), transport: transport) { client in
            let response = try await client.get("/api/books", headers: ["Origin": "https://books.example.com"])
            #expect(response.status == .ok)
            #expect(response.headers["Access-Control-Allow-Origin"] == "https://books.example.com")
            #expect(response.headers["Access-Control-Allow-Credentials"] == "true")
            #expect(response.headers["Access-Control-Expose-Headers"] == "X-Total, X-Request-ID")
            #expect(response.headers.values(for: "Vary") == ["Origin"])
            // Preflight-only fields are not on actual responses.
            #expect(response.headers["Access-Control-Allow-Methods"] == nil && response.headers["Access-Control-Max-Age"] == nil)
        }
    }

    /// Another origin is served — CORS refuses nothing — but gets no field a browser would
    /// accept, and the answer still varies by origin for caches.
    @Test(arguments: TestTransport.allCases)
    func anotherOriginIsServedWithoutCORSFields(transport: TestTransport) async throws {
        try await TestClient.run(Self.app(Self.site), transport: transport) { client in
            for origin in ["https://evil.test", "null", "https://books.example.com.evil.test", "http://books.example.com", "https://books.example.com:444"] {
                let response = try await client.get("/api/books", headers: ["Origin": origin])
                #expect(response.status == .ok && response.text == #"["Dune"]"#)
                #expect(response.headers["Access-Control-Allow-Origin"] == nil, "\(origin)")
                #expect(response.headers["Access-Control-Allow-Credentials"] == nil)
                #expect(response.headers.values(for: "Vary") == ["Origin"])
            }
            let sameOrigin = try await client.get("/api/books")
            #expect(sameOrigin.headers["Access-Control-Allow-Origin"] == nil && sameOrigin.headers.values(for: "Vary") == ["Origin"])
        }
    }

    @Test func subdomainPatternsMatchWholeLabelsOnTheirSchemeAndPort() async throws {
        let app = try App(routes: [Get("/") { _ in "" }]).cors(Self.site).build()
        func allows(_ origin: String) async -> Bool {
            let request = HTTPRequest(method: .get, target: "/", headers: ["Host": "strata.test", "Origin": origin])
            return await app.respond(to: request).headers["Access-Control-Allow-Origin"] == origin
        }
        for allowed in ["https://a.preview.example.com", "https://a.b.preview.example.com", "HTTPS://A.Preview.Example.com", "http://localhost:5173"] {
            #expect(await allows(allowed), "\(allowed)")
        }
        for refused in ["https://preview.example.com", "https://.preview.example.com", "https://apreview.example.com", "http://a.preview.example.com",
                        "https://a.preview.example.com:8443", "https://a.preview.example.com.evil.test", "http://localhost", "http://localhost:5174",
                        "https://a.preview.example.com/", "null", ""] {
            #expect(await !allows(refused), "\(refused)")
        }
    }

    /// `*` is only for answers without credentials (Fetch §3.2.5): with them, the origin is
    /// reflected and the answer varies.
    @Test(arguments: TestTransport.allCases)
    func anyOriginIsAStarOnlyWithoutCredentials(transport: TestTransport) async throws {
        try await TestClient.run(Self.app(CORS(origins: .any)), transport: transport) { client in
            let response = try await client.get("/api/books", headers: ["Origin": "https://anyone.test"])
            #expect(response.headers["Access-Control-Allow-Origin"] == "*" && response.headers["Vary"] == nil)
        }
        try await TestClient.run(Self.app(CORS(origins: ["*"], allowsCredentials: true)), transport: transport) { client in
            let response = try await client.get("/api/books", headers: ["Origin": "https://anyone.test"])
            #expect(response.headers["Access-Control-Allow-Origin"] == "https://anyone.test")
            #expect(response.headers["Access-Control-Allow-Credentials"] == "true" && response.headers["Vary"] == "Origin")
        }
    }

    /// A refusal is readable by the page too — it needs the 401 to ask for a login.
    @Test(arguments: TestTransport.allCases)
    func refusalsCarryTheFields(transport: TestTransport) async throws {
        try await TestClient.run(Self.app(Self.site), transport: transport) { client in
            let refused = try await client.post("/api/books", headers: ["Origin": "https://books.example.com"])
            #expect(refused.status == .unauthorized && refused.headers["Access-Control-Allow-Origin"] == "https://books.example.com")
        }
    }

    @Test(arguments: TestTransport.allCases)
    func aLayerCanSwitchItOff(transport: TestTransport) async throws {
        try await TestClient.run(Self.app(Self.site), transport: transport) { client in
            let response = try await client.delete("/api/books", headers: ["Origin": "https://books.example.com"])
            #expect(response.status == .noContent && response.headers["Access-Control-Allow-Origin"] == nil && response.headers["Vary"] == nil)
            #expect(try await client.get("/plain", headers: ["Origin": "https://books.example.com"]).headers["Access-Control-Allow-Origin"] == nil)
        }
    }

    @Test(arguments: TestTransport.allCases)
    func varyJoinsALayersVaryWithoutRepeatingIt(transport: TestTransport) async throws {
        let app = App(routes: [
            Get("/a") { _ in "a" }.headers(["Vary": "Accept"]),
            Get("/b") { _ in "b" }.headers(["Vary": "accept, origin"]),
            Get("/c") { _ in Response(status: .ok, headers: ["Vary": "*"], body: Array("c".utf8)) },
        ]).cors(Self.site)
        try await TestClient.run(app, transport: transport) { client throws in
            #expect(try await client.get("/a").headers.values(for: "Vary") == ["Origin", "Accept"])
            #expect(try await client.get("/b").headers.values(for: "Vary") == ["accept, origin"])
            #expect(try await client.get("/c").headers.values(for: "Vary") == ["*"])
        }
    }

    // MARK: Preflights

    static func preflight(_ client: TestClient, _ path: String = "/api/books", origin: String = "https://books.example.com",
                          method: String = "POST", headers requested: String? = "content-type, authorization") async throws -> TestResponse {
        var headers: HTTPHeaders = ["Origin": origin, "Access-Control-Request-Method": method]
        if let requested { headers.add("Access-Control-Request-Headers", requested) }
        return try await client.request(.options, path, headers: headers)
    }

    /// Answered before the route's guard (a preflight has no credentials), from the methods
    /// the path's routes answer with CORS on: GET and POST, not the DELETE that switched it off.
    @Test(arguments: TestTransport.allCases)
    func anAllowedPreflightIsAnsweredBeforeGuards(transport: TestTransport) async throws {
        try await TestClient.run(Self.app(Self.site), transport: transport) { client in
            let response = try await Self.preflight(client)
            #expect(response.status == .noContent && response.body.isEmpty)
            #expect(response.headers["Access-Control-Allow-Origin"] == "https://books.example.com")
            #expect(response.headers["Access-Control-Allow-Methods"] == "GET, POST")
            #expect(response.headers["Access-Control-Allow-Headers"] == "content-type, authorization")
            #expect(response.headers["Access-Control-Allow-Credentials"] == "true")
            #expect(response.headers["Access-Control-Max-Age"] == "600")
            #expect(response.headers["Vary"] == "Origin")
            #expect(response.headers["Allow"] == "GET, HEAD, POST, DELETE, OPTIONS")
            #expect(response.headers["Access-Control-Expose-Headers"] == nil)
        }
    }

    @Test(arguments: TestTransport.allCases)
    func aPreflightTheRouteDoesNotAllowGetsNoFields(transport: TestTransport) async throws {
        let narrow = CORS(origins: ["https://books.example.com"], methods: [.get], headers: ["Content-Type"])
        try await TestClient.run(Self.app(narrow), transport: transport) { client in
            let cases: [(origin: String, method: String, headers: String?)] = [
                ("https://evil.test", "GET", nil),              // origin
                ("https://books.example.com", "POST", nil),     // method not in the policy's list
                ("https://books.example.com", "GET", "content-type, x-secret"),  // one header not allowed
                ("https://books.example.com", "GET", "bad header"),             // not a header name
            ]
            for (origin, method, headers) in cases {
                let response = try await Self.preflight(client, origin: origin, method: method, headers: headers)
                #expect(response.status == .noContent, "\(origin) \(method) \(headers ?? "")")
                #expect(response.headers.fields.allSatisfy { !$0.name.lowercased().hasPrefix("access-control-") }, "\(origin) \(method) \(headers ?? "")")
            }
            let allowed = try await Self.preflight(client, method: "GET", headers: "Content-Type")
            #expect(allowed.headers["Access-Control-Allow-Methods"] == "GET" && allowed.headers["Access-Control-Allow-Headers"] == "content-type")
            #expect(allowed.headers["Access-Control-Allow-Credentials"] == nil)
        }
    }

    /// A path without CORS, a method the path lacks, a plain OPTIONS: the usual answer.
    @Test(arguments: TestTransport.allCases)
    func otherOptionsRequestsAreAnsweredAsBefore(transport: TestTransport) async throws {
        try await TestClient.run(Self.app(Self.site), transport: transport) { client in
            for response in [try await Self.preflight(client, "/plain", method: "GET"),
                             try await Self.preflight(client, method: "PATCH"),
                             try await Self.preflight(client, method: "DELETE"),
                             try await client.request(.options, "/api/books")] {
                #expect(response.status == .noContent)
                #expect(response.headers["Access-Control-Allow-Origin"] == nil)
                #expect(response.headers["Allow"] != nil)
            }
            #expect(try await Self.preflight(client, "/nowhere").status == .notFound)
        }
    }

    @Test func invalidOriginsAndHeadersAreBuildErrors() {
        let cors = CORS(origins: ["https://books.example.com/", "books.example.com", "https://*", "https://a.*.example.com", "ftp://ok.test"],
                        headers: ["Content Type"], exposedHeaders: ["X:Y"], maxAge: -1)
        #expect {
            try Self.app(cors).build()
        } throws: { error in
            let message = "\(error)"
            return ["\"https://books.example.com/\"", "\"books.example.com\"", "\"https://*\"", "\"https://a.*.example.com\"",
                    "\"Content Type\"", "\"X:Y\"", "maxAge -1"].allSatisfy(message.contains) && !message.contains("ftp://ok.test")
        }
    }
}

