import StrataHTTP
/// Turns one template's source into ``MustacheNode``s, reporting syntax errors with their line.
///
/// Three passes over the UTF-8 bytes: find the tags (``tokenize()``), mark the tags that
/// stand alone on their line and cut those lines out of the neighbouring text
/// (``markStandalone(_:)``), then nest sections and resolve partials (``buildTree(_:)``).
struct MustacheParser {
    /// The template's name, for error messages.
    let template: String
    /// The source, as UTF-8. Tags are ASCII, so every cut lands on a character boundary.
    let bytes: [UInt8]
    /// The index of every template a partial tag may name.
    let partials: [String: Int]

    init(template: String, source: String, partials: [String: Int]) {
        self.template = template
        self.bytes = Array(source.utf8)
        self.partials = partials
    }

    /// The template's nodes.
    func parse() throws(MustacheError) -> [MustacheNode] {
        var tokens = try tokenize()
        markStandalone(&tokens)
        return try buildTree(tokens)
    }

    /// An error at `line` of this template.
    func error(_ line: Int, _ problem: String) -> MustacheError {
        MustacheError(template: template, line: line, problem: problem)
    }

    // MARK: - Tokens

    /// The text runs and tags of the source, in order.
    func tokenize() throws(MustacheError) -> [MustacheToken] {
        var tokens: [MustacheToken] = []
        var line = 1
        var position = 0
        while let open = find(MustacheASCII.openBrace, MustacheASCII.openBrace, from: position) {
            if open > position {
                tokens.append(MustacheToken(kind: .text, start: position, end: open, line: line))
                line += newlines(in: position..<open)
            }
            let triple = open + 2 < bytes.count && bytes[open + 2] == MustacheASCII.openBrace
            let contentStart = open + (triple ? 3 : 2)
            let closing = triple ? findTripleClose(from: contentStart) : find(MustacheASCII.closeBrace, MustacheASCII.closeBrace, from: contentStart)
            guard let close = closing else {
                throw error(line, triple ? "tag \"{{{\" is never closed by \"}}}\"" : "tag \"{{\" is never closed by \"}}\"")
            }
            let end = close + (triple ? 3 : 2)
            tokens.append(try tag(from: open, content: contentStart..<close, end: end, triple: triple, line: line))
            line += newlines(in: open..<end)
            position = end
        }
        if position < bytes.count {
            tokens.append(MustacheToken(kind: .text, start: position, end: bytes.count, line: line))
        }
        return tokens
    }

    /// The token for the tag spanning `open..<end`, whose text between the braces is `content`.
    private func tag(from open: Int, content: Range<Int>, end: Int, triple: Bool, line: Int) throws(MustacheError) -> MustacheToken {
        let tagText = String(decoding: bytes[open..<end], as: UTF8.self)
        var inner = trimmed(content)
        var kind = MustacheToken.Kind.variable(escaped: !triple)
        if !triple, let sigil = inner.first.map({ bytes[$0] }) {
            switch sigil {
            case MustacheASCII.exclamation:
                return MustacheToken(kind: .comment, start: open, end: end, line: line)
            case MustacheASCII.hash: kind = .section
            case MustacheASCII.caret: kind = .inverted
            case MustacheASCII.slash: kind = .close
            case MustacheASCII.greaterThan: kind = .partial
            case MustacheASCII.ampersand: kind = .variable(escaped: false)
            case MustacheASCII.equals:
                throw error(line, "set-delimiter tags such as \"\(tagText)\" are not supported")
            default: break
            }
            if kind != .variable(escaped: true) {
                inner = trimmed(inner.dropFirst())
            }
        }
        let name = String(decoding: bytes[inner], as: UTF8.self)
        try validate(name, kind: kind, tagText: tagText, line: line)
        return MustacheToken(kind: kind, start: open, end: end, line: line, name: name)
    }

    /// Rejects names no context lookup could match, so typos surface when the template loads.
    private func validate(_ name: String, kind: MustacheToken.Kind, tagText: String, line: Int) throws(MustacheError) {
        if name.isEmpty {
            throw error(line, "tag \"\(tagText)\" has an empty name")
        }
        if name.utf8.contains(where: MustacheASCII.isWhitespace) {
            throw error(line, "name \"\(name)\" in tag \"\(tagText)\" contains whitespace")
        }
        if kind != .partial, name != ".", name.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
            throw error(line, "name \"\(name)\" in tag \"\(tagText)\" has an empty part between dots")
        }
    }

    // MARK: - Byte helpers

    /// The position of the first `first, second` pair at or after `start`.
    private func find(_ first: UInt8, _ second: UInt8, from start: Int) -> Int? {
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == first && bytes[index + 1] == second {
                return index
            }
            index += 1
        }
        return nil
    }

    /// The position of the first `}}}` at or after `start`.
    private func findTripleClose(from start: Int) -> Int? {
        var index = start
        while let pair = find(MustacheASCII.closeBrace, MustacheASCII.closeBrace, from: index) {
            if pair + 2 < bytes.count && bytes[pair + 2] == MustacheASCII.closeBrace {
                return pair
            }
            index = pair + 1
        }
        return nil
    }

    /// `range` without leading and trailing whitespace.
    private func trimmed(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper && MustacheASCII.isWhitespace(bytes[lower]) {
            lower += 1
        }
        while upper > lower && MustacheASCII.isWhitespace(bytes[upper - 1]) {
            upper -= 1
        }
        return lower..<upper
    }

    /// How many line feeds `range` holds.
    func newlines(in range: Range<Int>) -> Int {
        bytes[range].reduce(0) { $0 + ($1 == MustacheASCII.lineFeed ? 1 : 0) }
    }
}

/// The bytes the parser looks for.
enum MustacheASCII {
    static let tab = UInt8(ascii: "\t")
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let space = UInt8(ascii: " ")
    static let exclamation = UInt8(ascii: "!")
    static let hash = UInt8(ascii: "#")
    static let ampersand = UInt8(ascii: "&")
    static let slash = UInt8(ascii: "/")
    static let equals = UInt8(ascii: "=")
    static let greaterThan = UInt8(ascii: ">")
    static let caret = UInt8(ascii: "^")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")

    /// Space, tab, line feed or carriage return: what may pad a name inside a tag.
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab || byte == lineFeed || byte == carriageReturn
    }
}
