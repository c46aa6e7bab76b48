import FoundationEssentials
import StrataHTTP

/// A parsed route path such as `/users/{id:int}/files/{rest:path}`.
///
/// Parameters are `{name}` or `{name:type}` with type `str` (the default; one non-empty
/// segment), `int` (an optional `-` and decimal digits that fit in `Int`), `float`,
/// `uuid` (8-4-4-4-12 hex digits, any case) or `path` (the rest of the path, slashes
/// included, possibly empty; last segment only).
///
/// A request whose segment does not convert does not match the route, so it gets 404 (or
/// matches another route): the template describes which paths exist, like a static segment.
struct PathTemplate: Sendable, Hashable, CustomStringConvertible {
    enum Segment: Sendable, Hashable {
        case literal(String)
        case parameter(name: String, type: PathParameterType)
    }

    let segments: [Segment]

    /// Parses a full path; the message of the error says what is wrong, for build errors.
    init(parsing path: String) throws(PathTemplateError) {
        guard path.hasPrefix("/") else {
            throw PathTemplateError("path \"\(path)\" must start with \"/\"")
        }
        var segments: [Segment] = []
        var names = Set<String>()
        let parts = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        for (index, part) in parts.enumerated() {
            if part.isEmpty {
                // The root `/` and a trailing slash are the same route; `//` inside is a typo.
                if index == parts.count - 1 { continue }
                throw PathTemplateError("path \"\(path)\" has an empty segment")
            }
            let segment = try Self.parseSegment(part, in: path)
            if case .parameter(let name, let type) = segment {
                guard names.insert(name).inserted else {
                    throw PathTemplateError("path \"\(path)\" declares parameter \"\(name)\" twice")
                }
                if type == .path && index != parts.count - 1 {
                    throw PathTemplateError("path \"\(path)\": a {\(name):path} parameter must be the last segment")
                }
            }
            segments.append(segment)
        }
        self.segments = segments
    }

    private static func parseSegment(_ part: Substring, in path: String) throws(PathTemplateError) -> Segment {
        let hasOpen = part.contains("{"), hasClose = part.contains("}")
        guard hasOpen || hasClose else {
            // RFC 3986 §3.3: a segment is pchar; "?", "#", spaces and controls can never match.
            if let bad = part.unicodeScalars.first(where: { $0 == "?" || $0 == "#" || $0.value <= 0x20 || $0.value == 0x7F }) {
                throw PathTemplateError("path \"\(path)\": segment \"\(part)\" contains \(bad.value == 0x20 ? "a space" : "\"\(bad.escaped(asASCII: true))\""), which a request path cannot")
            }
            guard let literal = PercentEncoding.decodeStrict(part) else {
                throw PathTemplateError("path \"\(path)\": segment \"\(part)\" has a malformed percent-encoding")
            }
            return .literal(literal)
        }
        guard part.first == "{", part.last == "}", part.count > 2,
              part.dropFirst().dropLast().allSatisfy({ $0 != "{" && $0 != "}" }) else {
            throw PathTemplateError("path \"\(path)\": segment \"\(part)\" must be a whole {name} or {name:type}")
        }
        let inner = part.dropFirst().dropLast()
        let pieces = inner.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(pieces[0])
        guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic,
              name.unicodeScalars.allSatisfy({ $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }) else {
            throw PathTemplateError("path \"\(path)\": \"\(name)\" is not a valid parameter name")
        }
        let typeName = pieces.count == 2 ? String(pieces[1]) : "str"
        guard let type = PathParameterType(rawValue: typeName) else {
            let known = PathParameterType.allCases.map(\.rawValue).joined(separator: ", ")
            throw PathTemplateError("path \"\(path)\": unknown parameter type \"\(typeName)\" (known: \(known))")
        }
        return .parameter(name: name, type: type)
    }

    var description: String {
        if segments.isEmpty { return "/" }
        return segments.map { segment in
            switch segment {
            case .literal(let text): return "/" + text
            case .parameter(let name, let type): return "/{\(name):\(type.rawValue)}"
            }
        }.joined()
    }

    /// Joins layer prefixes and a handler path into one path: `/api` + `/users/` + `{id}`
    /// → `/api/users/{id}`.
    static func join(_ parts: [String]) -> String {
        var result = ""
        for part in parts {
            let trimmed = part.drop { $0 == "/" }
            guard !trimmed.isEmpty else { continue }
            if !result.hasSuffix("/") { result += "/" }
            result += trimmed
        }
        return result.isEmpty ? "/" : result
    }
}

/// The type of a path parameter.
enum PathParameterType: String, Sendable, Hashable, CaseIterable {
    case str, int, float, uuid, path

    /// Whether one decoded segment, as bytes, is a value of this type — checked without
    /// making a string, since every request to a parameterized route asks.
    func accepts(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        switch self {
        case .str: return !value.isEmpty
        case .path: return true
        case .int: return Self.isInt(value)
        case .float: return value.count <= 310 && Self.isDecimal(value, fraction: true)
        case .uuid: return Self.isUUID(value)
        }
    }
}

extension PathParameterType {
    /// `-?[0-9]+` within `Int`'s range.
    static func isInt(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { index = 1 }
        guard index < bytes.count else { return false }
        var magnitude: UInt64 = 0
        while index < bytes.count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return false }
            let (times, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(digit))
            guard !overflow1, !overflow2 else { return false }
            magnitude = sum
            index += 1
        }
        return magnitude <= (negative ? UInt64(Int.max) + 1 : UInt64(Int.max))
    }

    /// `-?[0-9]+`, and with `fraction` an optional `.[0-9]+` after it.
    static func isDecimal(_ bytes: UnsafeBufferPointer<UInt8>, fraction: Bool) -> Bool {
        var index = bytes.first == UInt8(ascii: "-") ? 1 : 0
        let integerStart = index
        while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 { index += 1 }
        guard index > integerStart else { return false }
        if index == bytes.count { return true }
        guard fraction, bytes[index] == UInt8(ascii: "."), index + 1 < bytes.count else { return false }
        index += 1
        while index < bytes.count {
            guard bytes[index] &- UInt8(ascii: "0") < 10 else { return false }
            index += 1
        }
        return true
    }

    /// 8-4-4-4-12 hexadecimal digits, either case.
    static func isUUID(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count == 36 else { return false }
        for index in 0..<36 {
            let byte = bytes[index]
            if index == 8 || index == 13 || index == 18 || index == 23 {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                let lower = byte | 0x20
                guard byte &- UInt8(ascii: "0") < 10 || lower &- UInt8(ascii: "a") < 6 else { return false }
            }
        }
        return true
    }
}

/// A malformed path template.
struct PathTemplateError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
