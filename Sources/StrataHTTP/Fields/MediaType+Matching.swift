extension MediaType {
    /// The structured syntax suffix, e.g. `json` for `application/problem+json` (RFC 6838 §4.2.8).
    ///
    /// The suffix is whatever follows the last `+`; `nil` when there is no `+` or
    /// nothing on either side of it.
    public var structuredSuffix: String? {
        guard let plus = subtype.lastIndex(of: "+"), plus != subtype.startIndex else { return nil }
        let suffix = subtype[subtype.index(after: plus)...]
        return suffix.isEmpty ? nil : String(suffix)
    }

    /// Whether bodies of this type are JSON: `application/json` or any `+json` type.
    public var isJSON: Bool {
        (type == "application" && subtype == "json") || structuredSuffix == "json"
    }

    /// Whether this is MessagePack: `application/msgpack`, `application/x-msgpack` or
    /// `application/vnd.msgpack`, the three names in use.
    public var isMessagePack: Bool {
        type == "application" && ["msgpack", "x-msgpack", "vnd.msgpack"].contains(subtype)
    }

    /// Whether bodies are human-readable text: `text/*`, `application/xml`, any `+xml`
    /// type, and `application/javascript`.
    public var isText: Bool {
        if type == "text" || structuredSuffix == "xml" { return true }
        return type == "application" && (subtype == "xml" || subtype == "javascript")
    }

    /// Whether this media type falls within `range` (RFC 9110 §12.5.1).
    ///
    /// `*/*` matches any type and `type/*` any subtype of `type`. Every parameter of
    /// `range` must also be present here with an equal value (`charset` compared
    /// case-insensitively); parameters only this type has do not matter.
    /// ```swift
    /// MediaType.json.withCharset("utf-8").matches(MediaType("application/*")!)   // true
    /// MediaType.json.matches(MediaType("application/json; charset=utf-8")!)      // false
    /// ```
    public func matches(_ range: MediaType) -> Bool {
        if range.type == "*" {
            // RFC 9110 §12.5.1: only `*/*` is a valid wildcard; `*/json` names nothing.
            guard range.subtype == "*" else { return false }
        } else {
            guard range.type == type else { return false }
            if range.subtype != "*" && range.subtype != subtype { return false }
        }
        return range.parameters.allSatisfy { wanted in
            parameters.contains { $0.name == wanted.name && $0.comparableValue == wanted.comparableValue }
        }
    }

    /// How precisely `self`, taken as a range, names a type: `*/*` < `type/*` <
    /// `type/subtype` < `type/subtype` with parameters (more parameters rank higher).
    var rangeSpecificity: Int {
        let level: Int
        if type == "*" {
            level = 0
        } else if subtype == "*" {
            level = 1
        } else {
            level = 2
        }
        return level * 1_000 + min(parameters.count, 999)
    }
}
