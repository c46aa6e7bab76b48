import StrataHTTP
import FoundationEssentials

/// Encodes `Encodable` values to JSON bytes in one pass, without building a value tree.
///
/// Each `encode(to:)` call writes straight into one `[UInt8]`, so a small struct costs one
/// state object and the standard library's box per keyed container — far less than
/// Foundation's `JSONEncoder`, which builds a tree and then serializes it.
/// ```swift
/// struct User: Codable { var id: Int; var name: String; var joined: Date }
/// let bytes = try JSONValueEncoder().encode(User(id: 1, name: "Ada", joined: Date(timeIntervalSince1970: 1_795_347_373)))
/// // {"id":1,"name":"Ada","joined":"2026-11-23T11:36:13Z"}
/// ```
///
/// Output rules, matching Foundation's defaults where it has one:
/// - Integers exactly; `Double`/`Float` as shortest round-trip digits, integral values
///   without `.0` (`1`, `-0`, `1e+21`); NaN and infinities throw `EncodingError.invalidValue`.
/// - Strings escape only `"`, `\` and controls below U+0020 (`\n` style or `\u001f`);
///   `/` and non-ASCII are written as they are.
/// - `Date` → ISO 8601 UTC (`2026-11-23T11:36:13Z`, `.SSS` when the milliseconds are not 0),
///   `Data` → base64, `URL` → `absoluteString`, `UUID` → lowercase, `Decimal` → its digits.
/// - A ``TypeEncoders`` override for a type is used before all of these.
/// - A value that encodes nothing is `{}`.
/// - A nil optional property is left out, or written as `null` with ``nilEncoding``.
///
/// Streaming rules, because Codable never says when a container is finished:
/// - Writing into a container closes the containers opened after it; a later write to one
///   of those throws `EncodingError.invalidValue` instead of producing broken JSON.
/// - Encoding the same key twice in one object throws, naming the key: the first value is
///   already written, so Foundation's "last one wins" is impossible (and duplicates are worse).
/// - `superEncoder()` writes its key at once; use the encoder before writing that container again.
public struct JSONValueEncoder: Sendable {
    /// Layout options for the output.
    public struct OutputFormatting: OptionSet, Sendable, Hashable {
        /// The bits of the set options.
        public let rawValue: UInt8

        /// The options whose bits are set in `rawValue`.
        public init(rawValue: UInt8) {
            self.rawValue = rawValue
        }

        /// Each member and element on its own line, indented by two spaces: `"key": value`.
        ///
        /// Empty containers stay `{}` and `[]`.
        public static let prettyPrinted = OutputFormatting(rawValue: 1 << 0)

        /// Object members in the UTF-8 byte order of their keys, which makes output of
        /// dictionaries deterministic. Each object is reordered in place when it closes.
        public static let sortedKeys = OutputFormatting(rawValue: 1 << 1)

        /// Accepted for parity with Foundation; `/` is never escaped whether or not it is set.
        public static let withoutEscapingSlashes = OutputFormatting(rawValue: 1 << 2)
    }

    /// Per-type overrides, consulted for every value before the built-in rules.
    public var typeEncoders: TypeEncoders

    /// Layout options; compact with insertion-ordered keys by default.
    public var outputFormatting: OutputFormatting

    /// Whether nil optionals are left out (the default) or written as `null`.
    public var nilEncoding: NilEncoding

    /// An encoder with the given overrides and layout.
    public init(typeEncoders: TypeEncoders = TypeEncoders(), outputFormatting: OutputFormatting = [], nilEncoding: NilEncoding = .omitted) {
        self.typeEncoders = typeEncoders
        self.outputFormatting = outputFormatting
        self.nilEncoding = nilEncoding
    }

    /// The JSON text of `value`, as UTF-8 bytes.
    ///
    /// A top-level primitive is written as a bare JSON value (`"text"`, `42`), as RFC 8259 allows.
    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(128)
        try encode(value, into: &buffer)
        return buffer
    }

    /// Appends the JSON text of `value` to `buffer`, so a server can reuse one buffer.
    ///
    /// If encoding throws, `buffer` is left as it was.
    public func encode<T: Encodable>(_ value: T, into buffer: inout [UInt8]) throws {
        let state = JSONStreamState(
            typeEncoders: typeEncoders,
            prettyPrinted: outputFormatting.contains(.prettyPrinted),
            sortedKeys: outputFormatting.contains(.sortedKeys),
            writesNull: nilEncoding == .null
        )
        let originalCount = buffer.count
        let writer = state.writer
        // Swapping moves the storage in and out without copying it.
        swap(&writer.pointee.buffer, &buffer)
        defer { swap(&writer.pointee.buffer, &buffer) }
        do {
            try state.encodeValue(value, depth: 0)
            writer.pointee.closeFrames(downTo: 0)
            if let deferred = writer.pointee.deferredError { throw deferred }
        } catch {
            writer.pointee.buffer.removeSubrange(originalCount...)
            throw error
        }
    }
}
