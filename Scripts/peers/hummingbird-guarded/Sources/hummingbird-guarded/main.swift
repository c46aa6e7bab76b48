// `/json` and `/guarded` as ../shared/bench/README.md defines them, in Hummingbird 2, on one
// event-loop thread: four nested groups, each with a guard (a middleware that answers 400
// without a Host), a middleware that adds `x-<layer>-m: 1`, and a value computed per request
// (a middleware that writes the layer's depth into the request context — Hummingbird has no
// dependencies; its context is where values reach a handler). The handler reads all four.
// Usage: hummingbird-guarded PORT
import HTTPTypes
import Hummingbird
import NIOCore
import NIOPosix

struct Message: ResponseEncodable {
    let message: String
}

struct GuardedContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    var depths: (Int, Int, Int, Int) = (-1, -1, -1, -1)

    init(source: Source) {
        coreContext = .init(source: source)
    }
}

struct HostGuard: RouterMiddleware {
    typealias Context = GuardedContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // An HTTP/1.1 Host field becomes the request's authority.
        guard request.head.authority != nil else { throw HTTPError(.badRequest) }
        return try await next(request, context)
    }
}

struct MarkerMiddleware: RouterMiddleware {
    typealias Context = GuardedContext
    let name: HTTPField.Name

    init(_ layer: String) {
        name = HTTPField.Name("x-\(layer)-m")!
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers.append(HTTPField(name: name, value: "1"))
        return response
    }
}

struct DepthMiddleware: RouterMiddleware {
    typealias Context = GuardedContext
    let depth: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        switch depth {
        case 0: context.depths.0 = depth
        case 1: context.depths.1 = depth
        case 2: context.depths.2 = depth
        default: context.depths.3 = depth
        }
        return try await next(request, context)
    }
}

func layer(_ group: RouterGroup<GuardedContext>, _ name: String, depth: Int) -> RouterGroup<GuardedContext> {
    group.add(middleware: HostGuard()).add(middleware: MarkerMiddleware(name)).add(middleware: DepthMiddleware(depth: depth))
}

let router = Router(context: GuardedContext.self)
router.get("json") { _, _ in Message(message: "Hello, World!") }
let app = layer(router.group("guarded"), "app", depth: 0)
let routerLayer = layer(app.group(), "router", depth: 1)
let controller = layer(routerLayer.group(), "controller", depth: 2)
layer(controller.group(), "handler", depth: 3).get { _, context -> Message in
    let depths = context.depths
    precondition(depths.0 + depths.1 + depths.2 + depths.3 == 6)
    return Message(message: "Hello, World!")
}

let port = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 8080
let application = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
                              eventLoopGroupProvider: .shared(MultiThreadedEventLoopGroup(numberOfThreads: 1)))
try await application.runService()
