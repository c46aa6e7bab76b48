import FoundationEssentials
import Strata

/// An article, as the API returns it.
struct Article: Codable, Sendable {
    let id: Int
    let title: String
    let published: Date
}

/// Every policy on every layer. The comments say which value wins and why.
struct ArticlesController: Controller {
    let path = "/articles"

    var policy: LayerPolicy {
        LayerPolicy(
            headers: ["X-Layer-Controller": "articles", "X-Served-By": "controller"],
            cookies: [Cookie("layer", "controller")],
            cacheControl: CacheControl(maxAge: 30),
            afterRequest: [{ _, response in
                var response = response
                response.headers.add("X-Hook", "controller")
                return response
            }],
            backgroundTasks: [BackgroundTask("controller-audit") { print("background: controller task") }]
        )
    }

    var routes: [any RouteComponent] {
        [
            // The handler is the innermost layer: its cache-control, cookie and header win.
            Get("/{id:int}", handler: show)
                .headers(["X-Served-By": "handler"])
                .cookie(Cookie("layer", "handler"))
                .cacheControl(CacheControl(maxAge: 40))
                .etag(ETag("article-v1"))
                .afterRequest { _, response in
                    var response = response
                    response.headers.add("X-Hook", "handler")
                    return response
                },
            Post(handler: create),
            // The response's own values beat every layer.
            Get("/{id:int}/fresh", handler: fresh),
            Delete("/{id:int}", handler: remove),
        ]
    }

    func show(_ request: Request) async throws -> Article {
        let id = try request.parameters.int("id")
        guard id == 1 else { throw HTTPError(.notFound, detail: "No article \(id).") }
        return Article(id: 1, title: "Layers", published: Date(timeIntervalSince1970: 1_700_000_000))
    }

    func create(_ request: Request) async throws -> Article {
        try request.decode(Article.self)
    }

    func fresh(_ request: Request) async throws -> Response {
        // `Response.json` encodes with Strata's defaults (ISO 8601 dates); the router's
        // Date encoder applies to typed return values such as `show`'s.
        var response = try Response.json(try await show(request))
        response.cacheControl = .noStore
        response.setCookie(Cookie("layer", "response"))
        response.addBackgroundTask(BackgroundTask("response-task") { print("background: response task") })
        return response
    }

    func remove(_ request: Request) async throws {}
}

/// The app: app → router → controller → handler.
func makeApp() -> App {
    App(
        onStartup: [{ print("startup hook") }],
        onShutdown: [{ print("shutdown hook") }],
        routes: [
            Router("/api", routes: [ArticlesController()])
                .headers(["X-Layer-Router": "api", "X-Served-By": "router"])
                .cookie(Cookie("layer", "router"))
                .cacheControl(CacheControl(maxAge: 20))
                // Dates as Unix seconds under /api; the app's ISO 8601 default elsewhere.
                .encoding(Date.self) { $0.timeIntervalSince1970 }
                .requestBodyLimit(64 * 1024),
            Get("/health") { _ in "ok" },
        ]
    )
    .headers(["X-Layer-App": "layers-example", "X-Served-By": "app"])
    .cookie(Cookie("layer", "app"))
    .cacheControl(CacheControl(maxAge: 10))
    .afterRequest { _, response in
        var response = response
        response.headers.add("X-Hook", "app")
        return response
    }
    .backgroundTask(BackgroundTask("app-metrics") { request in print("background: app task for \(request.target)") })
}
