import Strata

/// The Bookshelf service and the state it keeps, so tests can look inside.
struct Bookshelf: Sendable {
    let store = BookStore()
    let accounts = Accounts()
    /// Sessions live on the server; the cookie holds a random id.
    let sessionStore = MemorySessionStore(maxSessions: 10_000)
    let audit = AuditLog()
    /// The web front end: its dev server, on another origin.
    static let frontEnd = "http://localhost:5173"

    /// The sign-in guard: the session must have a user; it goes into the request context for
    /// the role guard and the handlers.
    static let signedIn = Guard("signed in", refuses: [.unauthorized]) { request async throws in
        guard let user = try await request.session[SignedInUser.self] else {
            throw HTTPError(.unauthorized, detail: "Sign in first: POST /login.", headers: ["WWW-Authenticate": "Cookie realm=\"bookshelf\""])
        }
        request.context[CurrentUser.self] = user
    }

    /// The role guard: a route's `RequiredRole` metadata, if it has one, must be the user's.
    static let hasRole = Guard("has the role", refuses: [.forbidden]) { request in
        guard let role = request.metadata[RequiredRole.self] else { return }
        guard request.context[CurrentUser.self]?.role == role else {
            throw HTTPError(.forbidden, detail: "Only a \(role.rawValue) may do this.")
        }
    }

    /// The routes that change the shelf: signed-in users only, each audited.
    var writeRoutes: Router {
        Router("", routes: [
            Post("", .body(NewBook.self), .dependency(BookStore.self), .dependency(AuditNote.self), .context(CurrentUser.self)) { _, new, store, note, user in
                let book = await store.add(new)
                note.add("by \(user.name): added \(book.id)")
                return book
            }
            .documented(summary: "Add a book"),
            Put("/{id:int}", .path("id", as: Int.self), .body(NewBook.self), .dependency(BookStore.self), .dependency(AuditNote.self)) { _, id, new, store, note in
                note.add("replaced \(id)")
                return try await store.replace(id, with: new)
            }
            .documented(summary: "Replace a book"),
            // An upload: the form is read as it arrives; a cover over 2 MB is refused on the way.
            Put("/{id:int}/cover", .path("id", as: Int.self), .dependency(BookStore.self), .dependency(AuditNote.self)) { request, id, store, note in
                let form = try await request.multipartForm(MultipartLimits(maxParts: 4, maxFileBytes: 2_000_000))
                guard let cover = form.file("cover"), let type = cover.contentType, type.type == "image" else {
                    throw HTTPError(.badRequest, detail: "Send the image as the form's \"cover\" file.")
                }
                try await store.setCover(id, bytes: try cover.bytes(), type: type)
                note.add("cover of \(id): \(cover.size) bytes")
                return Response(status: .noContent)
            }
            .streamingRequestBody()
            .documented(summary: "Upload a cover", description: "A multipart/form-data form with a `cover` image of at most 2 MB."),
            Delete("/{id:int}", .path("id", as: Int.self), .dependency(BookStore.self), .dependency(AuditNote.self)) { _, id, store, note in
                note.add("removed \(id)")
                try await store.remove(id)
            }
            .metadata(RequiredRole.self, .librarian)
            .documented(summary: "Remove a book", description: "Librarians only."),
        ])
        .guards(Self.signedIn, Self.hasRole)
        .security(Self.session)
        .backgroundTask(BackgroundTask("audit") { [audit] request in
            await audit.record("\(request.method) \(request.path) answered")
        })
    }

    /// `/books`: reading is open to all; writing goes through ``writeRoutes``.
    var books: Router {
        Router("/books", routes: [
            Get("", .query(BookQuery.self), .dependency(BookStore.self)) { _, query, store in
                await store.list(query)
            }
            .documented(summary: "List books", description: "Twenty to a page unless `size` says otherwise."),
            Get("/{id:int}", .path("id", as: Int.self), .dependency(BookStore.self)) { _, id, store in
                try await store.book(id)
            }
            .named("book")
            .documented(summary: "Get a book"),
            Get("/{id:int}/cover", .path("id", as: Int.self), .dependency(BookStore.self)) { _, id, store in
                let cover = try await store.cover(id)
                return Response(headers: ["Content-Type": cover.type.description], body: cover.bytes)
            }
            .documented(summary: "Get a book's cover")
            .documentedResponse(.ok, "The cover image, as uploaded.", mediaType: MediaType(type: "image", subtype: "*"), schema: .string()),
            // A download: every book as CSV, saved as a file by browsers.
            Get("/export", .dependency(BookStore.self)) { _, store in
                let rows = await store.all().map { book in
                    [String(book.id), book.title, book.author, String(book.year), book.genre.rawValue]
                        .map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",")
                }
                return Response(headers: ["Content-Disposition": "attachment; filename=\"books.csv\""],
                                text: (["id,title,author,year,genre"] + rows).joined(separator: "\r\n") + "\r\n",
                                mediaType: MediaType(type: "text", subtype: "csv"))
            }
            .documented(summary: "Export every book")
            .documentedResponse(.ok, "Every book as CSV, one per line after a header line.", mediaType: MediaType(type: "text", subtype: "csv"), schema: .string()),
            writeRoutes,
        ])
        .documented(tags: ["books"])
    }

    /// How the write routes authenticate, for the API document; ``signedIn`` enforces it.
    static let session = SecurityScheme.apiKey("session", cookie: "session", description: "The cookie POST /login sets.")

    /// The whole app.
    var app: App {
        App(openAPI: OpenAPI(title: "Bookshelf", version: "1.0.0", description: "A small service: books, a sign-in, a change feed."), routes: [
            // What a load balancer polls: /health/ready turns 503 as soon as a shutdown begins.
            // Polled every few seconds, it stays out of the access log.
            Router("", routes: [Health()]).accessLog(.off),
            Post("/login", .body(Credentials.self)) { [accounts] request, credentials in
                guard let user = accounts.user(for: credentials) else {
                    throw HTTPError(.unauthorized, detail: "Unknown user or wrong password.")
                }
                let session = try await request.session
                try session.set(SignedInUser.self, user)
                // A new id on sign-in: an id planted before it does not become a signed-in one.
                session.renewID()
                return Response(status: .noContent)
            }
            // Ten tries a minute per client: enough for a typo, too few to guess passwords.
            .rateLimit(RateLimit(10, per: .seconds(60), name: "login"))
            .documented(tags: ["session"], summary: "Sign in")
            .documentedResponse(.noContent, "Signed in: the `session` cookie is set.")
            .documentedResponse(.unauthorized, "Unknown user or wrong password."),
            Post("/logout") { request in
                try await request.session.invalidate()
                return Response(status: .noContent)
            }
            .documented(tags: ["session"], summary: "Sign out")
            .documentedResponse(.noContent, "Signed out: the `session` cookie is removed."),
            // A web front end on another origin (its dev server here) reads and writes the shelf
            // with the session cookie.
            books.cors(CORS(origins: [Self.frontEnd], headers: ["Content-Type"], allowsCredentials: true)),
            // Every change to the shelf, as it happens.
            Get("/events", .dependency(BookStore.self)) { _, store in
                ServerSentEvents(json: await store.changes(), keepAlive: .seconds(15))
            }
            .documented(tags: ["books"], summary: "Follow changes", description: "Server-sent events, one JSON `Change` per event."),
            Get("/") { request in
                "Bookshelf. Try GET \(try request.url(for: "book", parameters: ["id": 1])) after adding a book."
            }
            .documented(summary: "Say where to start"),
        ])
        .dependency(BookStore.self) { [store] _ in store }
        .dependency(AuditNote.self) { [audit] request in
            let note = AuditNote(request: "\(request.method) \(request.path)")
            return Provided(note) { await audit.record(note.text) }
        }
        .headers(["X-Content-Type-Options": "nosniff"])
        .sessions(Sessions(.store(sessionStore), maxAge: .seconds(8 * 3600)))
        // Unsafe requests from other sites' pages are refused; the front end's are its own.
        .csrf(CSRF(trustedOrigins: [Self.frontEnd]))
        // Every request gets an id (echoed in X-Request-ID) and an access line; answers are
        // compressed for clients that accept it, the change feed event by event.
        .requestIDs()
        .accessLog()
        .compression()
    }
}
