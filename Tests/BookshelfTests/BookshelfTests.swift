@testable import Bookshelf
import Foundation
import Strata
@testable import StrataHTTP
import StrataTesting
import Testing

/// The Bookshelf example, end to end, on both transports.
@Suite("Bookshelf", .serialized)
struct BookshelfTests {
    static let emma = NewBook(title: "Emma", author: "Jane Austen", year: 1815, genre: .novel)

    /// A client signed in as `user`, on `transport`, and the shelf behind it.
    static func client(_ transport: TestTransport, signedInAs user: (String, String)? = nil) async throws -> (TestClient, Bookshelf) {
        let shelf = Bookshelf()
        let client = try TestClient(shelf.app, transport: transport)
        if let (name, password) = user {
            let login = try await client.post("/login", body: .form([("username", name), ("password", password)]))
            #expect(login.status == .noContent)
            #expect(login.cookie("session")?.httpOnly == true)
        }
        return (client, shelf)
    }

    @Test(arguments: TestTransport.allCases)
    func readingIsOpenWritingNeedsASession(transport: TestTransport) async throws {
        let (client, _) = try await Self.client(transport)
        #expect(try await client.get("/books").json([Book].self) == [])
        let refused = try await client.post("/books", body: .json(Self.emma))
        #expect(refused.status == .unauthorized)
        #expect(refused.headers["WWW-Authenticate"] == "Cookie realm=\"bookshelf\"")
        #expect(refused.headers["X-Content-Type-Options"] == "nosniff")
        let wrong = try await client.post("/login", body: .json(Credentials(username: "ada", password: "x")))
        #expect(wrong.status == .unauthorized)
        await client.shutdown()
    }

    /// The web front end's origin reads and writes with its cookie: preflight, then the
    /// request; the list comes compressed to a client that accepts gzip; every answer has an id.
    @Test(arguments: TestTransport.allCases)
    func aFrontEndOnAnotherOriginUsesTheShelf(transport: TestTransport) async throws {
        let (client, _) = try await Self.client(transport, signedInAs: ("ada", "lovelace"))
        let origin = "http://localhost:5173"
        let preflight = try await client.request(.options, "/books", headers: [
            "Origin": origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"])
        #expect(preflight.status == .noContent && preflight.headers["Access-Control-Allow-Origin"] == origin)
        #expect(preflight.headers["Access-Control-Allow-Credentials"] == "true")
        #expect(preflight.headers["Access-Control-Allow-Methods"]?.contains("POST") == true)
        // The front end is another site, and trusted to write.
        let created = try await client.post("/books", headers: ["Origin": origin, "Sec-Fetch-Site": "same-site"], body: .json(Self.emma))
        #expect(created.status == .created && created.headers["Access-Control-Allow-Origin"] == origin)
        for _ in 0..<8 { _ = try await client.post("/books", headers: ["Origin": origin], body: .json(Self.emma)) }
        let list = try await client.get("/books", headers: ["Accept-Encoding": "gzip"])
        #expect(list.headers["Content-Encoding"] == "gzip" && list.headers["Vary"]?.contains("Accept-Encoding") == true)
        let plain = try await client.get("/books")
        #expect(try Decompressor.decompress(list.body, coding: .gzip) == plain.body)
        #expect(list.headers["X-Request-ID"]?.count == 32 && plain.headers["X-Request-ID"] != list.headers["X-Request-ID"])
        // Another origin is served, but its page may not read the answer.
        let other = try await client.get("/books", headers: ["Origin": "https://elsewhere.example"])
        #expect(other.status == .ok && other.headers["Access-Control-Allow-Origin"] == nil)
        await client.shutdown()
    }

    @Test(arguments: TestTransport.allCases)
    func aReaderAddsAndReplacesButCannotRemove(transport: TestTransport) async throws {
        let (client, shelf) = try await Self.client(transport, signedInAs: ("bob", "builder"))
        let created = try await client.post("/books", body: .json(Self.emma))
        #expect(created.status == .created)
        let book = try created.json(Book.self)
        #expect(book == Book(id: 1, title: "Emma", author: "Jane Austen", year: 1815, genre: .novel))
        var revised = Self.emma
        revised.year = 1816
        #expect(try await client.put("/books/1", body: .json(revised)).json(Book.self).year == 1816)
        let removal = try await client.delete("/books/1")
        #expect(removal.status == .forbidden)
        #expect(try await client.get("/books/1").status == .ok)
        await client.shutdown()
        // The audit: each write's note, committed by the dependency's cleanup, and the
        // background task's line for every answer. The refused removal never reached its
        // handler, so it opened no note.
        let lines = await shelf.audit.lines
        #expect(lines.contains("POST /books by bob: added 1"))
        #expect(lines.contains("PUT /books/1 replaced 1"))
        #expect(lines.filter { $0.hasSuffix("answered") } == ["POST /books answered", "PUT /books/1 answered", "DELETE /books/1 answered"])
        #expect(!lines.contains { $0.contains("removed") })
    }

    @Test(arguments: TestTransport.allCases)
    func aLibrarianRemoves(transport: TestTransport) async throws {
        let (client, _) = try await Self.client(transport, signedInAs: ("ada", "lovelace"))
        _ = try await client.post("/books", body: .json(Self.emma))
        #expect(try await client.delete("/books/1").status == .noContent)
        #expect(try await client.get("/books/1").status == .notFound)
        #expect(try await client.delete("/books/1").status == .notFound)
        await client.shutdown()
    }

    @Test(arguments: TestTransport.allCases)
    func everyBadFieldIsReportedAtOnce(transport: TestTransport) async throws {
        let (client, _) = try await Self.client(transport, signedInAs: ("bob", "builder"))
        let undecodable = try await client.post("/books", body: .text(#"{"title": 1, "year": "old", "genre": "opera"}"#, contentType: "application/json"))
        #expect(undecodable.status == .badRequest)
        let fields = try Self.fields(of: undecodable)
        #expect(fields == ["title", "author", "year", "genre"])
        let broken = try await client.post("/books", body: .json(NewBook(title: "", author: "A", year: 3000, genre: .poetry)))
        #expect(broken.status == .unprocessableContent)
        #expect(try Self.fields(of: broken) == ["title", "year"])
        let query = try await client.get("/books?size=500&page=0&genre=opera")
        #expect(query.status == .badRequest)
        #expect(try Self.fields(of: query) == ["genre"])
        let unsupported = try await client.post("/books", body: .text("Emma", contentType: "text/plain"))
        #expect(unsupported.status == .unsupportedMediaType)
        await client.shutdown()
    }

    @Test(arguments: TestTransport.allCases)
    func listsPagesAndExports(transport: TestTransport) async throws {
        let (client, _) = try await Self.client(transport, signedInAs: ("bob", "builder"))
        for (title, genre) in [("Emma", Genre.novel), ("Odes", .poetry), ("Persuasion", .novel)] {
            _ = try await client.post("/books", body: .json(NewBook(title: title, author: "A \"Quoted\" Author", year: 1800, genre: genre)))
        }
        #expect(try await client.get("/books?genre=novel").json([Book].self).map(\.title) == ["Emma", "Persuasion"])
        #expect(try await client.get("/books?size=1&page=2").json([Book].self).map(\.title) == ["Odes"])
        let export = try await client.get("/books/export")
        #expect(export.headers["Content-Type"] == "text/csv; charset=utf-8")
        #expect(export.headers["Content-Disposition"] == "attachment; filename=\"books.csv\"")
        #expect(export.text.split(separator: "\r\n")[2] == #""2","Odes","A ""Quoted"" Author","1800","poetry""#)
        #expect(try await client.get("/").text == "Bookshelf. Try GET /books/1 after adding a book.")
        await client.shutdown()
    }

    @Test(arguments: TestTransport.allCases)
    func changesArriveAsServerSentEvents(transport: TestTransport) async throws {
        let (client, shelf) = try await Self.client(transport)
        let change = try await client.stream("/events") { response in
            #expect(response.headers["Content-Type"] == "text/event-stream")
            var events = response.events()
            // Add a book once the stream is open; its change is the first event.
            Task {
                try await Task.sleep(for: .milliseconds(50))
                _ = await shelf.store.add(Self.emma)
            }
            return try await events.next()?.data
        }
        let decoded = try JSONDecoder().decode(Change.self, from: Data(try #require(change).utf8))
        #expect(decoded.kind == .added)
        #expect(decoded.book.title == "Emma")
        // The live server notices a departed event-stream client only when it next writes
        // (issue 13): one more change ends the stream now rather than at the drain timeout.
        _ = await shelf.store.add(Self.emma)
        await client.shutdown()
    }

    @Test(arguments: TestTransport.allCases)
    func signingOutEndsTheSession(transport: TestTransport) async throws {
        let (client, shelf) = try await Self.client(transport, signedInAs: ("ada", "lovelace"))
        #expect(shelf.sessionStore.count == 1)
        // The cookie holds an id; the user is on the server.
        let id = try #require(client.cookies.cookieHeader(forHost: "strata.test", path: "/", secure: false))
        #expect(!id.contains("ada"))
        #expect(try await client.post("/logout").status == .noContent)
        #expect(shelf.sessionStore.count == 0)
        #expect(try await client.post("/books", body: .json(Self.emma)).status == .unauthorized)
        #expect(try await client.post("/books", headers: ["Cookie": id], body: .json(Self.emma)).status == .unauthorized)
        await client.shutdown()
    }

    /// Signing in again gives a new session id: one planted before sign-in is worthless after.
    @Test func signingInRenewsTheSessionID() async throws {
        let (client, shelf) = try await Self.client(.inProcess, signedInAs: ("bob", "builder"))
        let first = try #require(client.cookies.cookieHeader(forHost: "strata.test", path: "/", secure: false))
        _ = try await client.post("/login", body: .form([("username", "ada"), ("password", "lovelace")]))
        let second = try #require(client.cookies.cookieHeader(forHost: "strata.test", path: "/", secure: false))
        #expect(first != second && shelf.sessionStore.count == 1)
        await client.shutdown()
    }

    /// A page on another site cannot make a signed-in visitor's browser change the shelf.
    @Test(arguments: TestTransport.allCases)
    func anotherSitesPageCannotWriteWithTheVisitorsCookie(transport: TestTransport) async throws {
        let (client, shelf) = try await Self.client(transport, signedInAs: ("ada", "lovelace"))
        let forged = try await client.post("/books", headers: ["Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"],
                                           body: .json(Self.emma))
        #expect(forged.status == .forbidden)
        #expect(await shelf.store.all().isEmpty)
        let own = try await client.post("/books", headers: ["Sec-Fetch-Site": "same-origin"], body: .json(Self.emma))
        #expect(own.status == .created)
        await client.shutdown()
    }

    /// A cover is uploaded as a form, read as it arrives, and served back with its type.
    @Test(arguments: TestTransport.allCases)
    func aCoverIsUploadedAndServed(transport: TestTransport) async throws {
        let (client, shelf) = try await Self.client(transport, signedInAs: ("bob", "builder"))
        let book = await shelf.store.add(Self.emma)
        let image = [UInt8](repeating: 0x89, count: 300_000)
        let upload = try await client.put("/books/\(book.id)/cover", body: .multipart([.file("cover", filename: "emma.png", contentType: "image/png", image)]))
        #expect(upload.status == .noContent)
        let cover = try await client.get("/books/\(book.id)/cover")
        #expect(cover.status == .ok && cover.headers["Content-Type"] == "image/png" && cover.body == image)
        let notAnImage = try await client.put("/books/\(book.id)/cover", body: .multipart([.file("cover", filename: "a.txt", contentType: "text/plain", [1])]))
        #expect(notAnImage.status == .badRequest)
        let tooLarge = try await client.put("/books/\(book.id)/cover", body: .multipart([.file("cover", filename: "big.png", contentType: "image/png", [UInt8](repeating: 0, count: 2_000_001))]))
        #expect(tooLarge.status == .contentTooLarge)
        // Signed-in users only, like every write.
        let anonymous = try TestClient(shelf.app, transport: transport)
        #expect(try await anonymous.put("/books/\(book.id)/cover", body: .multipart([.file("cover", filename: "x.png", contentType: "image/png", [1])])).status == .unauthorized)
        await anonymous.shutdown()
        await client.shutdown()
    }

    /// Ten sign-in attempts a minute per client, then 429.
    @Test func signInAttemptsAreLimited() async throws {
        let (client, _) = try await Self.client(.inProcess)
        for _ in 0..<10 {
            #expect(try await client.post("/login", body: .form([("username", "ada"), ("password", "guess")])).status == .unauthorized)
        }
        let limited = try await client.post("/login", body: .form([("username", "ada"), ("password", "lovelace")]))
        #expect(limited.status == .tooManyRequests && limited.headers["Retry-After"] != nil)
        // Other routes have no such limit.
        #expect(try await client.get("/books").status == .ok)
        await client.shutdown()
    }

    /// The `field` of each issue a validation problem lists.
    static func fields(of response: TestResponse) throws -> [String] {
        guard case .array(let issues)? = try response.json(ProblemDetails.self).extensions["errors"] else { return [] }
        return issues.compactMap { issue in
            guard case .object(let members) = issue, case .string(let field)? = members["field"] else { return nil }
            return field
        }
    }
}
