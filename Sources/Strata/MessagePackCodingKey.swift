/// A coding key the MessagePack coders make up themselves: array indices, map keys read
/// from the wire, and the `"super"` key of `superEncoder()` / `superDecoder()`.
struct MessagePackCodingKey: CodingKey, Sendable {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }

    /// The key `superEncoder()` and `superDecoder()` use, as in Foundation's coders.
    static let `super` = MessagePackCodingKey(stringValue: "super")
}

/// Renders a coding path for error messages: `items[2].name`.
func describeCodingPath(_ path: [any CodingKey]) -> String {
    guard !path.isEmpty else { return "the top-level value" }
    var text = ""
    for key in path {
        if let index = key.intValue, key is MessagePackCodingKey {
            text += "[\(index)]"
        } else {
            text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
        }
    }
    return text
}
