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
        var text = text
        text.withUTF8 { bytes in
            var bare = !bytes.isEmpty
            var plain = true
            for byte in bytes where byte <= 0x20 || byte == 0x22 || byte == 0x3D || byte == 0x5C || byte == 0x7F {
                bare = false
                if byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F {
                    plain = false
                    break
                }
            }
            if bare {
                line.append(contentsOf: bytes)
                return
            }
            line.append(UInt8(ascii: "\""))
            if plain { line.append(contentsOf: bytes) } else { appendEscaped(bytes, to: &line) }
            line.append(UInt8(ascii: "\""))
        }
    }

    /// A key: only what logfmt keys may hold, anything else becomes `_`.
    static func appendLogfmtKey(_ key: String, to line: inout [UInt8]) {
        var key = key
        key.withUTF8 { bytes in
            if bytes.isEmpty {
                line.append(UInt8(ascii: "_"))
            } else if bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != 0x3D && $0 != 0x22 }) {
                line.append(contentsOf: bytes)
            } else {
                for byte in bytes {
                    line.append(byte > 0x20 && byte < 0x7F && byte != 0x3D && byte != 0x22 ? byte : UInt8(ascii: "_"))
                }
            }
        }
    }

    static func appendJSONString(_ text: String, to line: inout [UInt8]) {
        var text = text
        line.append(UInt8(ascii: "\""))
        text.withUTF8 { bytes in
            if bytes.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }) {
                appendEscaped(bytes, to: &line)
            } else {
                line.append(contentsOf: bytes)
            }
        }
        line.append(UInt8(ascii: "\""))
    }

    /// JSON string escapes, which logfmt's quoted values use as well.
    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to line: inout [UInt8]) {
        for byte in bytes {
            switch byte {
            case 0x22, 0x5C:
                line.append(UInt8(ascii: "\\"))
                line.append(byte)
            case 0x0A:
                line.append(UInt8(ascii: "\\")); line.append(UInt8(ascii: "n"))
            case 0x0D:
                line.append(UInt8(ascii: "\\")); line.append(UInt8(ascii: "r"))
            case 0x09:
                line.append(UInt8(ascii: "\\")); line.append(UInt8(ascii: "t"))
            case 0..<0x20, 0x7F:
                line.append(UInt8(ascii: "\\")); line.append(UInt8(ascii: "u"))
                line.append(UInt8(ascii: "0")); line.append(UInt8(ascii: "0"))
                line.append(hexDigit(byte >> 4)); line.append(hexDigit(byte & 0xF))
            default:
                line.append(byte)
            }
        }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}
