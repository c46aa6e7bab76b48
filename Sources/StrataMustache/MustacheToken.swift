/// A run of text or one tag, as found by ``MustacheParser`` before nesting is resolved.
struct MustacheToken {
    enum Kind: Equatable {
        case text
        case variable(escaped: Bool)
        case section
        case inverted
        case close
        case comment
        case partial
    }

    var kind: Kind
    /// The first source byte: of the text, or of the tag's `{{`.
    var start: Int
    /// One past the last source byte: of the text, or of the tag's `}}`.
    var end: Int
    /// The 1-based line where the token starts.
    var line: Int
    /// The tag's name, trimmed; empty for text and comments.
    var name: String = ""
    /// Whether the tag is alone on its line, which is then removed from the output.
    var standalone = false
    /// The whitespace before a standalone tag.
    var indent = ""

    /// Whether a tag of this kind may stand alone on a line and take the line with it.
    ///
    /// Mustache spec: sections, inverted sections, closing tags, comments and partials
    /// (and set-delimiter tags, which Strata does not support); never interpolation.
    var canStandAlone: Bool {
        switch kind {
        case .section, .inverted, .close, .comment, .partial:
            return true
        case .text, .variable:
            return false
        }
    }
}
