/// Coding paths and the errors that carry them.
extension JSONStreamWriter {
    // MARK: Coding paths

    /// The coding path of a value at nesting level `depth`, built only when asked for.
    func codingPath(depth: Int) -> [any CodingKey] {
        var path: [any CodingKey] = []
        for level in 0..<min(depth, frames.count) {
            if frames[level].isObject {
                if let key = frames[level].currentKey { path.append(key) }
            } else {
                path.append(JSONStreamKey(index: frames[level].count - 1))
            }
        }
        return path
    }

    // MARK: Errors

    /// Records an error from an entry point that cannot throw; only the first one is kept.
    mutating func deferError(_ message: String, depth: Int) {
        record(.invalidValue("", EncodingError.Context(codingPath: codingPath(depth: depth), debugDescription: message)))
    }

    /// Records `error` to throw when encoding ends, unless an earlier one is already recorded.
    mutating func record(_ error: EncodingError) {
        if deferredError == nil { deferredError = error }
    }

    func closedContainerError(id: Int, key: String?) -> EncodingError {
        // id -1: the container was never opened, and the reason is already recorded.
        if id < 0, let deferredError { return deferredError }
        let what = key.map { "key \"\($0)\"" } ?? "an element"
        return .invalidValue(key ?? "", EncodingError.Context(
            codingPath: key.map { [JSONStreamKey(stringValue: $0)] } ?? [],
            debugDescription: "Cannot encode \(what) into a JSON container that is already closed. "
                + "JSONValueEncoder writes as it goes: writing to a parent container, or returning from "
                + "encode(to:), closes the containers nested in it. Finish a nested container before "
                + "writing to its parent again."
        ))
    }

    func duplicateKeyError(_ key: String, depth: Int) -> EncodingError {
        .invalidValue(key, EncodingError.Context(
            codingPath: codingPath(depth: depth) + [JSONStreamKey(stringValue: key)],
            debugDescription: "Key \"\(key)\" was encoded twice in the same object. JSONValueEncoder "
                + "streams its output and cannot replace the value already written."
        ))
    }

    func nonConformingError(_ value: Any, _ description: String, depth: Int) -> EncodingError {
        .invalidValue(value, EncodingError.Context(
            codingPath: codingPath(depth: depth),
            debugDescription: "Unable to encode \(description) directly in JSON."
        ))
    }
}

/// A coding key for paths in errors: an object key or an array index.
struct JSONStreamKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    init(intValue: Int) {
        self.init(index: intValue)
    }

    init(index: Int) {
        stringValue = "Index \(index)"
        intValue = index
    }
}
