import StrataHTTP

/// Writes a ``LogEvent`` as one logfmt or JSON line, escaping whatever could break the line:
/// a client's header value with a newline must not forge a second event.
enum LogLineFormatter {
    static func line(_ event: LogEvent, format: StandardErrorLogHandler.Format) -> [UInt8] {
        var line: [UInt8] = []
        // One allocation for a typical line: the fields' lengths plus room for their names.
        line.reserveCapacity(event.metadata.fields.reduce(96 + event.label.utf8.count + event.message.utf8.count) {
            guard case .string(let text) = $1.value else { return $0 + $1.key.utf8.count + 24 }
            return $0 + $1.key.utf8.count + 24 + text.utf8.count
        })
        switch format {
        case .logfmt:
            line.append(contentsOf: "time=".utf8); appendTimestamp(event.time, to: &line)
            line.append(contentsOf: " level=".utf8); line.append(contentsOf: event.level.description.utf8)
            line.append(contentsOf: " label=".utf8); appendLogfmt(event.label, to: &line)
            line.append(contentsOf: " msg=".utf8); appendLogfmt(event.message, to: &line)
            for (key, value) in event.metadata {
                line.append(UInt8(ascii: " "))
                appendLogfmtKey(key, to: &line)
                line.append(UInt8(ascii: "="))
                appendLogfmt(value.description, to: &line)
            }
        case .json:
            line.append(contentsOf: #"{"time":""#.utf8); appendTimestamp(event.time, to: &line)
            line.append(contentsOf: #"","level":""#.utf8); line.append(contentsOf: event.level.description.utf8)
            line.append(contentsOf: #"","label":"#.utf8); appendJSONString(event.label, to: &line)
            line.append(contentsOf: #","msg":"#.utf8); appendJSONString(event.message, to: &line)
            for (key, value) in event.metadata {
                line.append(UInt8(ascii: ","))
                appendJSONString(key, to: &line)
                line.append(UInt8(ascii: ":"))
                switch value {
                case .string(let text): appendJSONString(text, to: &line)
                case .integer(let number): line.append(contentsOf: String(number).utf8)
                case .double(let number) where number.isFinite: line.append(contentsOf: String(number).utf8)
                case .double(let number): appendJSONString(String(number), to: &line)
                case .bool(let flag): line.append(contentsOf: (flag ? "true" : "false").utf8)
                }
            }
            line.append(UInt8(ascii: "}"))
        }
        return line
    }

    /// RFC 3339 in UTC with milliseconds: `2026-12-04T09:15:02.114Z`.
    static func timestamp(_ nanoseconds: Int64) -> String {
        var bytes: [UInt8] = []
        appendTimestamp(nanoseconds, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The timestamp written straight into the line: no intermediate strings.
    static func appendTimestamp(_ nanoseconds: Int64, to line: inout [UInt8]) {
        let milliseconds = Int(nanoseconds / 1_000_000) - (nanoseconds < 0 && nanoseconds % 1_000_000 != 0 ? 1 : 0)
        let days = milliseconds >= 0 ? milliseconds / 86_400_000 : (milliseconds - 86_399_999) / 86_400_000
        let inDay = milliseconds - days * 86_400_000
        let (year, month, day) = CivilCalendar.civil(fromDays: days)
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 {
                line.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        digits(year, 4); line.append(UInt8(ascii: "-"))
        digits(month, 2); line.append(UInt8(ascii: "-"))
        digits(day, 2); line.append(UInt8(ascii: "T"))
        digits(inDay / 3_600_000, 2); line.append(UInt8(ascii: ":"))
        digits(inDay / 60_000 % 60, 2); line.append(UInt8(ascii: ":"))
        digits(inDay / 1000 % 60, 2); line.append(UInt8(ascii: "."))
        digits(inDay % 1000, 3); line.append(UInt8(ascii: "Z"))
    }

    /// A logfmt value: bare when it is a plain word, else quoted with `"`, `\` and control
    /// characters escaped.
    static func appendLogfmt(_ text: String, to line: inout [UInt8]) {
        let utf8 = text.utf8
        let bare = !utf8.isEmpty && utf8.allSatisfy { $0 > 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "=") && $0 != UInt8(ascii: "\\") && $0 != 0x7F }
        if bare {
            line.append(contentsOf: utf8)
            return
        }
        line.append(UInt8(ascii: "\""))
        appendEscaped(utf8, to: &line)
        line.append(UInt8(ascii: "\""))
    }

    /// A key: only what logfmt keys may hold, anything else becomes `_`.
    static func appendLogfmtKey(_ key: String, to line: inout [UInt8]) {
        if key.isEmpty { line.append(UInt8(ascii: "_")); return }
        for byte in key.utf8 {
            line.append(byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "=") && byte != UInt8(ascii: "\"") ? byte : UInt8(ascii: "_"))
        }
    }

    static func appendJSONString(_ text: String, to line: inout [UInt8]) {
        line.append(UInt8(ascii: "\""))
        appendEscaped(text.utf8, to: &line)
        line.append(UInt8(ascii: "\""))
    }

    /// JSON string escapes, which logfmt's quoted values use as well.
    private static func appendEscaped(_ utf8: String.UTF8View, to line: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\""): line.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): line.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): line.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): line.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): line.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20, 0x7F:
                line.append(contentsOf: #"\u00"#.utf8)
                line.append(hex[Int(byte >> 4)])
                line.append(hex[Int(byte & 0xF)])
            default:
                line.append(byte)
            }
        }
    }
}
