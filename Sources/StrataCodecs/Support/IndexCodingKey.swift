/// A coding key the coders make up themselves: array indices (written as the number), map
/// keys read from the input, member names of documents without a fixed shape (`JSONValue`,
/// problem details), and the `"super"` key of `superEncoder()` / `superDecoder()`. Shared by
/// the MessagePack coders, the template encoder, the form decoder and those documents.
package struct IndexCodingKey: CodingKey, Sendable {
    package let stringValue: String
    package let intValue: Int?

    package init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    package init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }

    /// The key `superEncoder()` and `superDecoder()` use, as in Foundation's coders.
    package static let `super` = IndexCodingKey(stringValue: "super")
}
