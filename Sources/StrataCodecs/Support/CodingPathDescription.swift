/// Renders a coding path for error messages: `items[2].name`. Indices are the keys the coders
/// make up (`IndexCodingKey`) and Foundation's (`Index 2`).
package func describeCodingPath(_ path: [any CodingKey]) -> String {
    guard !path.isEmpty else { return "the top-level value" }
    var text = ""
    for key in path {
        if let index = key.intValue, key is IndexCodingKey || key.stringValue == "Index \(index)" {
            text += "[\(index)]"
        } else {
            text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
        }
    }
    return text
}
