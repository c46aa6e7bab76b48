/// A coding key the coders make up themselves: array indices (written as the number), map
/// keys read from the input, and the `"super"` key of `superEncoder()` / `superDecoder()`.
/// Shared by the MessagePack coders, the template encoder and the form decoder.
struct IndexCodingKey: CodingKey, Sendable {
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
    static let `super` = IndexCodingKey(stringValue: "super")
}
