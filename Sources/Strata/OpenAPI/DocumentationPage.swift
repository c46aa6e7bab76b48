import StrataMustache

/// The page that shows the API document to people: Swagger UI, ReDoc or Scalar, loaded from
/// their public CDN addresses unless you give others (a mirror, or files you serve).
///
/// ```swift
/// let page = DocumentationPage.redoc
/// let pinned = DocumentationPage.swaggerUI(
///     script: "/assets/swagger-ui-bundle.js", stylesheet: "/assets/swagger-ui.css")
/// ```
public struct DocumentationPage: Sendable, Hashable {
    /// Which renderer.
    public enum Kind: String, Sendable, Hashable {
        case swaggerUI, redoc, scalar
    }

    /// The renderer.
    public var kind: Kind
    /// The renderer's script.
    public var scriptURL: String
    /// Its stylesheet, for those that have one.
    public var stylesheetURL: String?

    /// Swagger UI 5 from jsDelivr.
    public static let swaggerUI = swaggerUI()
    /// ReDoc 2 from jsDelivr.
    public static let redoc = redoc()
    /// Scalar's API reference from jsDelivr.
    public static let scalar = scalar()

    /// Swagger UI from `script` and `stylesheet`.
    public static func swaggerUI(script: String = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js",
                                 stylesheet: String = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css") -> DocumentationPage {
        DocumentationPage(kind: .swaggerUI, scriptURL: script, stylesheetURL: stylesheet)
    }

    /// ReDoc from `script`.
    public static func redoc(script: String = "https://cdn.jsdelivr.net/npm/redoc@2/bundles/redoc.standalone.js") -> DocumentationPage {
        DocumentationPage(kind: .redoc, scriptURL: script, stylesheetURL: nil)
    }

    /// Scalar from `script`.
    public static func scalar(script: String = "https://cdn.jsdelivr.net/npm/@scalar/api-reference") -> DocumentationPage {
        DocumentationPage(kind: .scalar, scriptURL: script, stylesheetURL: nil)
    }

    /// The page for the document at `documentURL`, titled `title`; both are escaped.
    public func html(title: String, documentURL: String) -> String {
        let head = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Self.escapeHTML(title))</title>
            \(stylesheetURL.map { "<link rel=\"stylesheet\" href=\"\(Self.escapeHTML($0))\">\n" } ?? "")
            """
        let script = "<script src=\"\(Self.escapeHTML(scriptURL))\" crossorigin></script>"
        switch kind {
        case .swaggerUI:
            return head + """
                </head>
                <body>
                <div id="swagger-ui"></div>
                \(script)
                <script>
                window.onload = () => { window.ui = SwaggerUIBundle({ url: \(Self.javaScriptString(documentURL)), dom_id: "#swagger-ui" }); };
                </script>
                </body>
                </html>

                """
        case .redoc:
            return head + """
                </head>
                <body>
                <redoc spec-url="\(Self.escapeHTML(documentURL))"></redoc>
                \(script)
                </body>
                </html>

                """
        case .scalar:
            return head + """
                </head>
                <body>
                <script id="api-reference" data-url="\(Self.escapeHTML(documentURL))"></script>
                \(script)
                </body>
                </html>

                """
        }
    }

    static func escapeHTML(_ text: String) -> String {
        HTMLEscaping.escape(text)
    }

    /// A JavaScript string literal safe inside a `<script>` element: `<` is escaped so no
    /// `</script>` can end it.
    static func javaScriptString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "<": result += "\\u003c"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\u{2028}": result += "\\u2028"
            case "\u{2029}": result += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    result += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
