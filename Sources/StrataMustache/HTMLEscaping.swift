/// HTML escaping, shared by the template renderer and the pages Strata writes itself.
package enum HTMLEscaping {
    /// Appends `text` HTML-escaped: `&`, `<`, `>`, `"` and `'` become entities, so a value
    /// is safe in element content and in quoted attributes of either kind. Runs of plain
    /// bytes are copied whole.
    package static func append(_ text: String, to output: inout String) {
        let utf8 = text.utf8
        var copied = utf8.startIndex
        var index = copied
        while index != utf8.endIndex {
            let entity: String
            switch utf8[index] {
            case UInt8(ascii: "&"): entity = "&amp;"
            case UInt8(ascii: "<"): entity = "&lt;"
            case UInt8(ascii: ">"): entity = "&gt;"
            case UInt8(ascii: "\""): entity = "&quot;"
            case UInt8(ascii: "'"): entity = "&#39;"
            default:
                index = utf8.index(after: index)
                continue
            }
            output += text[copied..<index]
            output += entity
            index = utf8.index(after: index)
            copied = index
        }
        output += text[copied...]
    }

    /// `text` HTML-escaped.
    package static func escape(_ text: String) -> String {
        var output = ""
        append(text, to: &output)
        return output
    }
}
