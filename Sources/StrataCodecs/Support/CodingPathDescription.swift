/// Renders a coding path for error messages: `items[2].name`.
package func describeCodingPath(_ path: [any CodingKey]) -> String {
    guard !path.isEmpty else { return "the top-level value" }
    var text = ""
    for key in path {
        if let index = key.intValue, key is IndexCodingKey {
            text += "[\(index)]"
        } else {
            text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
        }
    }
    return text
}
