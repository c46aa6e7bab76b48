/// Renders named templates; an app registers one.
///
/// ``MustacheEngine`` is the built-in implementation. An engine is shared by every request,
/// so it must be safe to call from many tasks at once.
/// ```swift
/// let engine = try MustacheEngine(directory: "Templates")
/// let html = try engine.render("users/show", context: ["name": "Ada"])
/// ```
public protocol TemplateEngine: Sendable {
    /// Renders the template called `name` with `context` as its data.
    ///
    /// Throws when no template has that name or rendering fails; the error should name the
    /// template and, where there is one, the line.
    func render(_ name: String, context: TemplateValue) throws -> String
}

/// The built-in engine; its `render(_:context:)` is the requirement.
extension MustacheEngine: TemplateEngine {}
