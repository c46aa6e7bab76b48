import FoundationEssentials
import StrataCodecs

/// Finds every field of a value that does not decode, after a plain decode has failed.
///
/// Decoders stop at the first error. This one wraps the decoder that failed and decodes the
/// type again through its own containers: each field is decoded by the real decoder first,
/// so formats and special types keep their meaning; a field that fails is recorded, a stand-in
/// value (see ``Placeholder``) takes its place, and decoding goes on to the next field. A
/// field whose type has no stand-in ends the collection inside its parent, which then gets a
/// stand-in itself. Only the failure path pays for this; successful requests never see it.
///
/// `@unchecked Sendable`, for the task-local that carries it: only `issues(decoding:…)` creates
/// one, installs it with `withValue` around a synchronous decode and reads it after that call
/// returns. Nothing in the decode can suspend or start a task, so every read and write happens
/// on that call's thread, one after another.
final class IssueCollector: @unchecked Sendable {
    let location: FieldIssue.Location
    private(set) var issues = InputIssues()

    init(location: FieldIssue.Location) {
        self.location = location
    }

    @TaskLocal static var current: IssueCollector?

    /// Collects the issues of decoding `T` with `decode`, a function that decodes its
    /// argument type with the real decoder (`JSONDecoder`, the form or MessagePack decoder).
    static func issues<T: Decodable>(decoding type: T.Type, location: FieldIssue.Location, firstError: any Error,
                                     with decode: (Collecting<T>.Type) throws -> Collecting<T>) -> InputIssues {
        let collector = IssueCollector(location: location)
        $current.withValue(collector) {
            _ = try? decode(Collecting<T>.self)
        }
        if collector.issues.isEmpty {
            collector.record(firstError, at: [])
        }
        return collector.issues
    }

    var count: Int { issues.count }

    /// How deep in the value the collection is.
    private var depth = 0
    /// Down to this depth a failing field is first decoded again by the real decoder, so the
    /// types it treats specially keep their meaning; deeper, fields are entered at once, so a
    /// deep body costs a bounded number of passes over its bytes, not one per level.
    static let realDecoderDepth = 8

    /// Whether a field of type `T` is entered at once, without the real decoder's attempt.
    func entersDirectly<T>(_ type: T.Type) -> Bool {
        depth >= Self.realDecoderDepth && !(T.self is any CollectingLeaf.Type)
    }

    /// Decodes `T` from `decoder` through the collecting containers; on failure records what
    /// failed (unless something inside was recorded already) and returns a stand-in.
    func decode<T: Decodable>(_ type: T.Type, from decoder: any Decoder) throws -> T {
        let before = count
        depth += 1
        defer { depth -= 1 }
        do {
            return try T(from: CollectingDecoder(base: decoder, collector: self))
        } catch {
            if count == before { record(error, at: decoder.codingPath) }
            return try Placeholder.value(of: T.self)
        }
    }

    /// A field the real decoder failed on: a leaf is recorded as it is; a composite value is
    /// decoded again, field by field, to find every failure inside it.
    func recover<T: Decodable>(_ type: T.Type, error: any Error, path: [any CodingKey], descend: () throws -> T?) throws -> T {
        if !(T.self is any CollectingLeaf.Type) {
            // Entered even when the field itself is missing or null: the real decoder then
            // fails again before anything is recorded, and the error is recorded below.
            let before = count
            if let value = try? descend(), count > before { return value }
            if count > before { return try Placeholder.value(of: T.self) }
        }
        record(error, at: path)
        return try Placeholder.value(of: T.self)
    }

    /// A field of a composite type entered at once (see ``entersDirectly(_:)``): the real
    /// decoder's own error, where it fails before the type is entered, is recorded.
    func enter<T: Decodable>(_ type: T.Type, path: [any CodingKey], _ decode: () throws -> T?) throws -> T? {
        do {
            return try decode()
        } catch {
            record(error, at: path)
            return try Placeholder.value(of: T.self)
        }
    }

    func record(_ error: any Error, at path: [any CodingKey]) {
        if error is CollectionStopped { return }
        issues.add(FieldIssue(decoding: error, location: location, fallbackPath: path), decoding: true)
    }
}

/// Thrown where no stand-in value can be made; the enclosing value is then stood in for.
struct CollectionStopped: Error {}

/// Decodes `Value` through the current ``IssueCollector`` when there is one.
struct Collecting<Value: Decodable>: Decodable {
    let value: Value

    init(from decoder: any Decoder) throws {
        guard let collector = IssueCollector.current else {
            value = try Value(from: decoder)
            return
        }
        value = try collector.decode(Value.self, from: decoder)
    }
}

/// Types decoders treat as single values, which are recorded whole rather than entered.
protocol CollectingLeaf {}
extension String: CollectingLeaf {}
extension Bool: CollectingLeaf {}
extension Int: CollectingLeaf {}
extension Int8: CollectingLeaf {}
extension Int16: CollectingLeaf {}
extension Int32: CollectingLeaf {}
extension Int64: CollectingLeaf {}
extension UInt: CollectingLeaf {}
extension UInt8: CollectingLeaf {}
extension UInt16: CollectingLeaf {}
extension UInt32: CollectingLeaf {}
extension UInt64: CollectingLeaf {}
extension Double: CollectingLeaf {}
extension Float: CollectingLeaf {}
extension Date: CollectingLeaf {}
extension Data: CollectingLeaf {}
extension URL: CollectingLeaf {}
extension UUID: CollectingLeaf {}
extension Decimal: CollectingLeaf {}

extension FieldIssue {
    /// The issue a decoding error describes: the field it names and what is wrong with it.
    init(decoding error: any Error, location: Location, fallbackPath: [any CodingKey]) {
        func field(_ path: [any CodingKey]) -> String { Self.describe(path) }
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            self.init(location, field: field(context.codingPath + [key]), message: "is required")
        case DecodingError.valueNotFound(_, let context):
            self.init(location, field: field(context.codingPath), message: "must not be null")
        case DecodingError.typeMismatch(let type, let context):
            self.init(location, field: field(context.codingPath), message: "must be \(Self.describe(type))")
        case DecodingError.dataCorrupted(let context):
            if context.codingPath.isEmpty {
                self.init(location, field: "", message: "is not well-formed")
            } else {
                self.init(location, field: field(context.codingPath), message: "has an invalid value")
            }
        default:
            self.init(location, field: field(fallbackPath), message: "has an invalid value")
        }
    }

    /// `items[2].name`; empty for the value as a whole.
    static func describe(_ path: [any CodingKey]) -> String {
        path.isEmpty ? "" : describeCodingPath(path)
    }

    /// What a value of `type` is, for messages: "an integer".
    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "a boolean"
        case is any BinaryInteger.Type: return "an integer"
        case is any BinaryFloatingPoint.Type: return "a number"
        default: return type is any Collection.Type ? "a list" : "an object"
        }
    }
}
