import StrataHTTP
extension MustacheParser {
    /// Marks each section, inverted, close, comment or partial tag that is alone on its line,
    /// and cuts that whole line — leading whitespace through line end — out of the text
    /// around it.
    ///
    /// Mustache spec: "standalone" tags are on a line with only whitespace, and "should be
    /// removed from the template" with that line, so a template laid out one tag per line
    /// renders without blank lines. A tag spanning lines (a multi-line comment) counts when
    /// its first line starts and its last line ends with only whitespace. The end of the
    /// source counts as a line end; `\r\n` is one.
    func markStandalone(_ tokens: inout [MustacheToken]) {
        for index in tokens.indices where tokens[index].canStandAlone {
            let tag = tokens[index]
            var lineStart = tag.start
            while lineStart > 0 && isBlank(bytes[lineStart - 1]) {
                lineStart -= 1
            }
            // Tags end with "}", so a line feed here is text, and the line holds no other tag.
            guard lineStart == 0 || bytes[lineStart - 1] == MustacheASCII.lineFeed else { continue }
            var lineEnd = tag.end
            while lineEnd < bytes.count && isBlank(bytes[lineEnd]) {
                lineEnd += 1
            }
            if lineEnd < bytes.count {
                if bytes[lineEnd] == MustacheASCII.lineFeed {
                    lineEnd += 1
                } else if bytes[lineEnd] == MustacheASCII.carriageReturn, lineEnd + 1 < bytes.count, bytes[lineEnd + 1] == MustacheASCII.lineFeed {
                    lineEnd += 2
                } else {
                    continue
                }
            }
            tokens[index].standalone = true
            tokens[index].indent = String(decoding: bytes[lineStart..<tag.start], as: UTF8.self)
            // The whitespace before and after lies in the neighbouring text tokens, if any.
            if index > 0, tokens[index - 1].kind == .text {
                tokens[index - 1].end = max(tokens[index - 1].start, min(tokens[index - 1].end, lineStart))
            }
            if index + 1 < tokens.count, tokens[index + 1].kind == .text {
                tokens[index + 1].start = min(tokens[index + 1].end, max(tokens[index + 1].start, lineEnd))
            }
        }
    }

    /// The nodes of `tokens`, with sections nested and partials resolved.
    func buildTree(_ tokens: [MustacheToken]) throws(MustacheError) -> [MustacheNode] {
        // The open sections, innermost last, each with the nodes of its parent so far.
        var open: [(tag: MustacheToken, parentNodes: [MustacheNode])] = []
        var nodes: [MustacheNode] = []
        for token in tokens {
            // A kept line that starts with a tag still receives a partial's indentation.
            if token.kind != .text, !token.standalone, token.start == 0 || bytes[token.start - 1] == MustacheASCII.lineFeed {
                nodes.append(.lineStart)
            }
            switch token.kind {
            case .text:
                if token.start < token.end {
                    nodes.append(textNode(token.start..<token.end))
                }
            case .variable(let escaped):
                nodes.append(.variable(MustacheName(token.name), escaped: escaped))
            case .section, .inverted:
                open.append((token, nodes))
                nodes = []
            case .close:
                guard let (opener, parentNodes) = open.popLast() else {
                    throw error(token.line, "closing tag \"{{/\(token.name)}}\" has no open section")
                }
                guard opener.name == token.name else {
                    throw error(token.line, "\(describe(opener)) opened on line \(opener.line) is closed by \"\(token.name)\"")
                }
                let section = MustacheNode.section(MustacheName(opener.name), inverted: opener.kind == .inverted, children: nodes)
                nodes = parentNodes
                nodes.append(section)
            case .comment:
                break
            case .partial:
                guard let index = partials[token.name] else {
                    throw error(token.line, "no partial named \"\(token.name)\"")
                }
                let call = MustachePartialCall(template: index, name: token.name, indent: token.standalone ? token.indent : nil, line: token.line)
                nodes.append(.partial(call))
            }
        }
        if let (opener, _) = open.last {
            throw error(opener.line, "\(describe(opener)) is never closed")
        }
        return nodes
    }

    /// `section "name"` or `inverted section "name"`.
    private func describe(_ opener: MustacheToken) -> String {
        (opener.kind == .inverted ? "inverted section" : "section") + " \"\(opener.name)\""
    }

    /// A text node for `range`, recording where source lines begin inside it.
    private func textNode(_ range: Range<Int>) -> MustacheNode {
        let text = String(decoding: bytes[range], as: UTF8.self)
        var lineStarts: [String.Index] = []
        var index = text.utf8.startIndex
        for position in range {
            if position == 0 || bytes[position - 1] == MustacheASCII.lineFeed {
                lineStarts.append(index)
            }
            index = text.utf8.index(after: index)
        }
        return .text(text, lineStarts: lineStarts)
    }

    /// Space or tab: what may surround a standalone tag on its line.
    private func isBlank(_ byte: UInt8) -> Bool {
        byte == MustacheASCII.space || byte == MustacheASCII.tab
    }
}
