import Strata
import StrataTesting
import Synchronization
import Testing

enum SignedInUser: SessionKey {
    typealias Value = String
    static let name = "user"
}

enum Padding: SessionKey { typealias Value = String }

/// Sessions as a client sees them: a cookie written only when the session changed, read back
/// on the next request, refused when altered, ended on sign-out — over both backends.
@Suite("Sessions")
struct SessionTests {
    /// Error reports, kept for the test to read.
    final class Reports: Sendable {
        let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
        func record(_ report: ErrorReport) { lines.withLock { $0.append("\(report.route ?? "-"): \(report.error)") } }
    }

    /// A store that counts its calls, to show what is read lazily and written only on change.
    final class CountingStore: SessionStore {
        let inner = MemorySessionStore(maxSessions: 100)
        let loads = Atomic<Int>(0), saves = Atomic<Int>(0), deletes = Atomic<Int>(0)

        func load(id: String) async throws -> [String: JSONValue]? {
            loads.add(1, ordering: .relaxed)
            return try await inner.load(id: id)
        }
        func save(id: String, values: [String: JSONValue], maxAge: Duration) async throws {
            saves.add(1, ordering: .relaxed)
            try await inner.save(id: id, values: values, maxAge: maxAge)
        }
        func delete(id: String) async throws {
            deletes.add(1, ordering: .relaxed)
            try await inner.delete(id: id)
        }
    }

    static let key = SigningKey(Array(repeating: 0x42, count: 32))
    static let otherKey = SigningKey(Array(repeating: 0x17, count: 32))

    static func app(_ sessions: Sessions, reports: Reports = Reports(), proxies: TrustedProxies? = nil) -> App {
        let signedIn = Guard("signed in", refuses: [.unauthorized]) { request async throws in
            guard try await request.session[SignedInUser.self] != nil else { throw HTTPError(.unauthorized) }
        }
        return App(reportError: reports.record, trustedProxies: proxies, routes: [
            Post("/login") { request in
                let session = try await request.session
                try session.set(SignedInUser.self, request.text)
                session.renewID()
                return "welcome \(request.text)"
            },
            Get("/me") { request in try await request.session[SignedInUser.self] ?? "nobody" },
            Get("/plain") { _ in "no session read" },
            Post("/logout") { request in
                try await request.session.invalidate()
                return "bye"
            },
            Post("/pad") { request in
                try await request.session.set(Padding.self, String(repeating: "x", count: Int(request.text) ?? 0))
                return "padded"
            },
            Post("/fail") { request in
                try await request.session.set(Padding.self, "kept")
                throw HTTPError(.conflict)
            },
            Get("/admin") { _ in "admin" }.guards(signedIn),
            Get("/none") { request in try await request.session.isEmpty ? "empty" : "full" }.sessions(.off),
        ])
        .sessions(sessions)
    }

    static func sessionCookie(_ response: TestResponse) -> String? {
        response.headers.values(for: "Set-Cookie").first { $0.hasPrefix("session=") }
    }

    // MARK: Signed cookies

    @Test(arguments: TestTransport.allCases)
    func aSignedSessionIsWrittenOnlyWhenItChanges(transport: TestTransport) async throws {
        try await TestClient.run(Self.app(Sessions(.signedCookie([Self.key]))), transport: transport) { client in
            let anonymous = try await client.get("/me")
            #expect(anonymous.text == "nobody" && Self.sessionCookie(anonymous) == nil)

            let login = try await client.post("/login", body: .text("ada"))
            let cookie = try #require(Self.sessionCookie(login))
            #expect(cookie.hasSuffix("; Max-Age=1209600; Path=/; HttpOnly; SameSite=Lax"))
            #expect(!cookie.contains("Secure"))

            // An answer that hands out a session cookie is never stored by a cache.
            #expect(login.headers["Cache-Control"] == "no-store" && login.headers.values(for: "Vary") == ["Cookie"])

            let me = try await client.get("/me")
            #expect(me.text == "ada" && Self.sessionCookie(me) == nil)
            // One made from the session varies by the cookie; one that never read it does not.
            #expect(me.headers.values(for: "Vary") == ["Cookie"])
            let plain = try await client.get("/plain")
            #expect(Self.sessionCookie(plain) == nil && plain.headers["Vary"] == nil)
            #expect(try await client.get("/admin").text == "admin")
        }
    }

    @Test(arguments: TestTransport.allCases)
    func anAlteredOrForeignCookieIsAnEmptySession(transport: TestTransport) async throws {
        let signer = try TestClient(Self.app(Sessions(.signedCookie([Self.key]))))
        let value = try #require(Self.sessionCookie(try await signer.post("/login", body: .text("ada")))?.split(separator: ";").first?.dropFirst("session=".count))
        let foreign = try TestClient(Self.app(Sessions(.signedCookie([Self.otherKey]))))
        let foreignValue = try #require(Self.sessionCookie(try await foreign.post("/login", body: .text("eve")))?.split(separator: ";").first?.dropFirst("session=".count))
        // The same key under another cookie name: the MAC covers the name.
        let renamed = try TestClient(Self.app(Sessions(.signedCookie([Self.key]), cookieName: "other")))
        let renamedValue = try #require(try await renamed.post("/login", body: .text("eve")).headers.values(for: "Set-Cookie").first?
            .split(separator: ";").first?.dropFirst("other=".count))

        try await TestClient.run(Self.app(Sessions(.signedCookie([Self.key]))), transport: transport) { client in
            #expect(try await client.get("/me", headers: ["Cookie": "session=\(value)"]).text == "ada")
            var altered = Array(value)
            altered[4] = altered[4] == "A" ? "B" : "A"
            for forged in [String(altered), String(foreignValue), String(renamedValue), "garbage", "a.b", String(value.dropLast(2)), ""] {
                let response = try await client.get("/admin", headers: ["Cookie": "session=\(forged)"])
                #expect(response.status == .unauthorized, "\(forged)")
            }
        }
        await signer.shutdown()
        await foreign.shutdown()
        await renamed.shutdown()
    }

    /// The first key signs, every key verifies: a new key goes first, the old one stays until
    /// its sessions expire.
    @Test func keysRotateWithoutSigningAnyoneOut() async throws {
        let old = try TestClient(Self.app(Sessions(.signedCookie([Self.otherKey]))))
        _ = try await old.post("/login", body: .text("ada"))
        let oldCookie = try #require(old.cookies.cookieHeader(forHost: "strata.test", path: "/", secure: false))

        try await TestClient.run(Self.app(Sessions(.signedCookie([Self.key, Self.otherKey])))) { rotated in
            #expect(try await rotated.get("/me", headers: ["Cookie": oldCookie]).text == "ada")
            // Written again, the session is signed with the new key only.
            _ = try await rotated.post("/login", body: .text("grace"))
            let newCookie = try #require(rotated.cookies.cookieHeader(forHost: "strata.test", path: "/", secure: false))
            try await TestClient.run(Self.app(Sessions(.signedCookie([Self.key])))) { newOnly throws in
                #expect(try await newOnly.get("/me", headers: ["Cookie": newCookie]).text == "grace")
                #expect(try await newOnly.get("/me", headers: ["Cookie": oldCookie]).text == "nobody")
            }
        }
        await old.shutdown()
    }

    /// A signed session that would pass 4096 bytes is a 500 naming the size, not a cookie the
    /// browser drops without a word.
    @Test(arguments: TestTransport.allCases)
    func aSessionTooLargeForItsCookieIsAClearError(transport: TestTransport) async throws {
        let reports = Reports()
        try await TestClient.run(Self.app(Sessions(.signedCookie([Self.key])), reports: reports), transport: transport) { client in
            let fits = try await client.post("/pad", body: .text("2000"))
            #expect(fits.status == .created && Self.sessionCookie(fits) != nil)
            let tooLarge = try await client.post("/pad", body: .text("4000"))
            #expect(tooLarge.status == .internalServerError && Self.sessionCookie(tooLarge) == nil)
            // The session the client holds is the one that fit.
            #expect(try await client.get("/me").status == .ok)
        }
        let report = try #require(reports.all.first)
        #expect(report.hasPrefix("POST /pad: the session cookie \"session\" would be "))
        #expect(report.contains("over the 4096 browsers keep"))
    }

    @Test(arguments: TestTransport.allCases)
    func signingOutExpiresTheCookie(transport: TestTransport) async throws {
        try await TestClient.run(Self.app(Sessions(.signedCookie([Self.key]))), transport: transport) { client in
            _ = try await client.post("/login", body: .text("ada"))
            let logout = try await client.post("/logout")
            #expect(Self.sessionCookie(logout) == "session=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax")
            #expect(try await client.get("/me").text == "nobody")
            #expect(try await client.get("/admin").status == .unauthorized)
            // Signing out without a session sends nothing.
            #expect(Self.sessionCookie(try await client.post("/logout")) == nil)
        }
    }

    /// A change made before the handler threw is kept: the error answers the request, it does
    /// not undo what the session recorded (a count of failed sign-ins, say).
    @Test func aChangeBeforeAnErrorIsKept() async throws {
        try await TestClient.run(Self.app(Sessions(.signedCookie([Self.key])))) { client in
            let failed = try await client.post("/fail")
            #expect(failed.status == .conflict && Self.sessionCookie(failed) != nil)
        }
    }

    @Test(arguments: TestTransport.allCases)
    func theCookieIsSecureWhenTheRequestWas(transport: TestTransport) async throws {
        let app = Self.app(Sessions(.signedCookie([Self.key])), proxies: TrustedProxies(["127.0.0.1"]))
        try await TestClient.run(app, transport: transport) { client in
            let tls = try await client.post("/login", headers: ["X-Forwarded-Proto": "https"], body: .text("ada"))
            #expect(Self.sessionCookie(tls)?.contains("; Secure") == true)
            let plain = try await client.post("/login", headers: ["X-Forwarded-Proto": "http"], body: .text("ada"))
            #expect(Self.sessionCookie(plain)?.contains("Secure") == false)
        }
        try await TestClient.run(Self.app(Sessions(.signedCookie([Self.key]), secure: true)), transport: transport) { client throws in
            #expect(Self.sessionCookie(try await client.post("/login", body: .text("ada")))?.contains("; Secure") == true)
        }
    }

    /// The session is written by the route's first after-request hook: the app's own hooks see
    /// its cookie; what a hook changes in the session afterwards is not kept.
    @Test func afterRequestHooksSeeTheSessionCookie() async throws {
        let app = Self.app(Sessions(.signedCookie([Self.key]))).afterRequest { request, response in
            var response = response
            response.headers["X-Session-Cookie"] = response.cookies.contains { $0.name == "session" } ? "set" : "none"
            try await request.session.set(Padding.self, "too late")
            return response
        }
        try await TestClient.run(app) { client throws in
            let login = try await client.post("/login", body: .text("ada"))
            #expect(login.headers["X-Session-Cookie"] == "set")
            #expect(try await client.get("/me").headers["X-Session-Cookie"] == "none")
            #expect(Self.sessionCookie(try await client.get("/me")) == nil)
        }
    }

    @Test func aRouteWithoutSessionsSaysSo() async throws {
        let reports = Reports()
        try await TestClient.run(Self.app(Sessions(.signedCookie([Self.key])), reports: reports)) { client throws in
            #expect(try await client.get("/none").status == .internalServerError)
        }
        #expect(reports.all.first?.contains("no layer of its route has sessions") == true)
    }

    // MARK: Server-side store

    @Test(arguments: TestTransport.allCases)
    func aStoreKeepsTheValuesAndTheCookieOnlyAnID(transport: TestTransport) async throws {
        let store = CountingStore()
        try await TestClient.run(Self.app(Sessions(.store(store))), transport: transport) { client in
            // Nothing read, nothing loaded — with or without a cookie.
            _ = try await client.get("/plain", headers: ["Cookie": "session=" + String(repeating: "A", count: 43)])
            #expect(store.loads.load(ordering: .relaxed) == 0)

            let login = try await client.post("/login", body: .text("ada"))
            let cookie = try #require(Self.sessionCookie(login))
            let id = String(cookie.split(separator: ";")[0].dropFirst("session=".count))
            #expect(id.count == 43 && !cookie.contains("ada"))
            #expect(store.inner.count == 1 && store.saves.load(ordering: .relaxed) == 1)

            // A guard and a handler read it: one load. Only read: no save.
            let loadsBefore = store.loads.load(ordering: .relaxed)
            #expect(try await client.get("/admin").text == "admin")
            #expect(try await client.get("/me").text == "ada")
            #expect(store.loads.load(ordering: .relaxed) == loadsBefore + 2)
            #expect(store.saves.load(ordering: .relaxed) == 1)

            // Signing in again moves the session to a new id; the old one is gone.
            let again = try await client.post("/login", body: .text("ada"))
            let newID = try #require(Self.sessionCookie(again)).split(separator: ";")[0].dropFirst("session=".count)
            #expect(newID != id && store.inner.count == 1)
            #expect(try await store.inner.load(id: id) == nil)

            let logout = try await client.post("/logout")
            #expect(Self.sessionCookie(logout)?.hasPrefix("session=; Max-Age=0") == true)
            #expect(store.inner.count == 0)
            #expect(try await client.get("/me").text == "nobody")
        }
    }

    @Test func invalidPoliciesAreBuildErrors() {
        #expect {
            try Self.app(Sessions(.signedCookie([SigningKey([1, 2, 3]), Self.key]), cookieName: "a b", maxAge: .zero)).build()
        } throws: { error in
            let message = "\(error)"
            return ["signing key 1 has 3 bytes", "maxAge", "a b"].allSatisfy(message.contains) && !message.contains("signing key 2")
        }
        #expect(throws: AppBuildError.self) { try Self.app(Sessions(.signedCookie([]))).build() }
        #expect {
            try Self.app(Sessions(.signedCookie([Self.key]), maxAge: .seconds(Int64.max))).build()
        } throws: { error in
            "\(error)".contains("is over 400 days")
        }
    }
}
