import StrataCodecs

/// Writes a JSON value as block-style YAML 1.2 with the same content: keys sorted as in the
/// JSON, every string double-quoted (so `"200"`, `"yes"` or `"null"` stay strings).
enum YAMLWriter {
    static func document(_ value: JSONValue) -> String {
        var output = ""
        switch value {
        case .object(let members) where !members.isEmpty:
            writeMembers(members, indent: 0, into: &output)
        case .array(let values) where !values.isEmpty:
            writeItems(values, indent: 0, into: &output)
        default:
            output = scalar(value) + "\n"
        }
        return output
    }

    private static func writeMembers(_ members: [String: JSONValue], indent: Int, into output: inout String, firstLineIndented: Bool = true) {
        let pad = String(repeating: " ", count: indent)
        for (index, key) in members.keys.sorted().enumerated() {
            if index > 0 || firstLineIndented { output += pad }
            output += quoted(key) + ":"
            writeNested(members[key]!, indent: indent, into: &output)
        }
    }

    private static func writeItems(_ values: [JSONValue], indent: Int, into output: inout String) {
        let pad = String(repeating: " ", count: indent)
        for value in values {
            output += pad + "-"
            switch value {
            case .object(let members) where !members.isEmpty:
                output += " "
                writeMembers(members, indent: indent + 2, into: &output, firstLineIndented: false)
            case .array(let nested) where !nested.isEmpty:
                output += "\n"
                writeItems(nested, indent: indent + 2, into: &output)
            default:
                output += " " + scalar(value) + "\n"
            }
        }
    }

    /// What follows `key:`: a scalar on the line, or a block below it.
    private static func writeNested(_ value: JSONValue, indent: Int, into output: inout String) {
        switch value {
        case .object(let members) where !members.isEmpty:
            output += "\n"
            writeMembers(members, indent: indent + 2, into: &output)
        case .array(let values) where !values.isEmpty:
            output += "\n"
            writeItems(values, indent: indent + 2, into: &output)
        default:
            output += " " + scalar(value) + "\n"
        }
    }

    private static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .double(let value):
            if value.isNaN { return ".nan" }
            if value.isInfinite { return value < 0 ? "-.inf" : ".inf" }
            // YAML 1.1 readers (PyYAML) take `1e-05` for a string: the mantissa needs a dot.
            let text = "\(value)"
            if let exponent = text.firstIndex(where: { $0 == "e" || $0 == "E" }), !text[..<exponent].contains(".") {
                return text[..<exponent] + ".0" + text[exponent...]
            }
            return text
        case .string(let value): return quoted(value)
        case .array: return "[]"
        case .object: return "{}"
        }
    }

    /// A YAML double-quoted scalar; non-printable characters as escapes.
    static func quoted(_ text: String) -> String {
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 >= 0x7F }) {
            return "\"" + text + "\""
        }
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                // YAML's printable set excludes C0/C1 controls, DEL, U+FFFE and U+FFFF; a BOM
                // and the line separators are escaped too, so no reader trips on them.
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) || scalar == "\u{FEFF}"
                    || scalar == "\u{2028}" || scalar == "\u{2029}" || scalar == "\u{FFFE}" || scalar == "\u{FFFF}" {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    result += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
