import StrataHTTP

/// A response rendered from a named template by the app's ``TemplateEngine``, as HTML.
///
/// ```swift
/// let app = App(templates: try MustacheEngine(directory: "Templates"), routes: [
///     Get("/users/{id:int}") { request in
///         Template("users/show", context: ["name": "Ada", "admin": true])
///     },
/// ])
/// ```
///
/// The status is the route's — so a POST that renders a template answers 201, like any POST.
public struct Template: ResponseConvertible {
    /// The template's name, e.g. `users/show`.
    public var name: String
    /// The values the template reads.
    public var context: TemplateValue

    /// A template with a context of plain values.
    public init(_ name: String, context: TemplateValue = [:]) {
        self.name = name
        self.context = context
    }

    /// A template with an `Encodable` context.
    public init<Context: Encodable>(_ name: String, encoding context: Context) throws {
        self.init(name, context: try TemplateValue(encoding: context))
    }

    public func makeResponse(context render: RenderContext) throws -> Response {
        guard let engine = render.templateEngine else {
            throw MisuseError("Template(\"\(name)\") needs a template engine: pass templates: to App")
        }
        let html = try engine.render(name, context: context)
        return Response(status: render.status, text: html, mediaType: render.mediaType ?? .html)
    }
}
