import FoundationEssentials

/// One value of the tree the encoder builds before writing bytes.
///
/// MessagePack writes an array's or a map's element count before its elements, and Codable
/// may fill containers in any order (a nested container can be written to after its parent's
/// later keys), so values are collected first and serialized once complete. Scalars live
/// inline in the enum; only arrays and maps are objects, because containers handed out to
/// `encode(to:)` must keep writing into the same storage.
enum MessagePackNode {
    /// A reserved slot nothing was encoded into yet; written as an empty map, like
    /// `JSONEncoder` writes `{}` for a value (or `superEncoder`) that encoded nothing.
    case pending
    case `nil`
    case bool(Bool)
    /// A negative integer (non-negative ones are always `.unsigned`).
    case signed(Int64)
    case unsigned(UInt64)
    case float(Float)
    case double(Double)
    case string(String)
    case binary([UInt8])
    case data(Data)
    case ext(type: Int8, data: [UInt8])
    case timestamp(MessagePackTimestamp)
    case container(MessagePackNodeBuilder)

    /// The node for an integer of any width: negative → `.signed`, otherwise `.unsigned`.
    static func integer<I: BinaryInteger>(_ value: I) -> MessagePackNode? {
        if value < 0 {
            return Int64(exactly: value).map { .signed($0) }
        }
        return UInt64(exactly: value).map { .unsigned($0) }
    }
}

/// The storage of one array or map being encoded, shared by every container and nested
/// encoder that writes into it.
final class MessagePackNodeBuilder {
    /// Whether this is a map (`keys` parallel to `values`) or an array.
    let isMap: Bool
    /// Nesting depth: 1 for the outermost container; 0 for the root holder (see `root()`).
    let depth: Int
    /// The coding path of this container, for `Encoder.codingPath` and errors.
    let codingPath: [any CodingKey]
    private(set) var keys: [String] = []
    var values: [MessagePackNode] = []
    /// Key → slot, built only once a map is large enough for a linear scan to matter.
    private var keyIndex: [String: Int]?

    private static let linearScanLimit = 16

    init(isMap: Bool, depth: Int, codingPath: [any CodingKey]) {
        self.isMap = isMap
        self.depth = depth
        self.codingPath = codingPath
    }

    /// A holder with a single pending slot for the top-level value; never written itself.
    static func root() -> MessagePackNodeBuilder {
        let root = MessagePackNodeBuilder(isMap: false, depth: 0, codingPath: [])
        root.values.append(.pending)
        return root
    }

    /// The slot for `key`, appended if new; a key encoded twice keeps its first position and
    /// its last value (as `JSONEncoder` does), so a map never carries duplicate keys.
    func slot(forKey key: String) -> Int {
        if let keyIndex {
            if let existing = keyIndex[key] { return existing }
        } else if let existing = keys.firstIndex(of: key) {
            return existing
        }
        let slot = values.count
        keys.append(key)
        values.append(.pending)
        if keyIndex != nil {
            keyIndex?[key] = slot
        } else if keys.count > Self.linearScanLimit {
            keyIndex = Dictionary(uniqueKeysWithValues: zip(keys, keys.indices))
        }
        return slot
    }

    /// A new slot at the end of this array.
    func appendSlot() -> Int {
        values.append(.pending)
        return values.count - 1
    }

    /// The coding path of the value in `slot`.
    func codingPath(ofSlot slot: Int) -> [any CodingKey] {
        if depth == 0 { return codingPath }
        let key = isMap ? IndexCodingKey(stringValue: keys[slot]) : IndexCodingKey(intValue: slot)
        return codingPath + [key]
    }

    /// The array or map builder stored in `slot`, creating it there if the slot holds
    /// anything else, so an `Encoder` asked twice for a container (as a subclass calling
    /// `super.encode(to:)` does) keeps writing into the same one.
    func childContainer(inSlot slot: Int, isMap: Bool) -> MessagePackNodeBuilder {
        if case .container(let existing) = values[slot], existing.isMap == isMap {
            return existing
        }
        let child = MessagePackNodeBuilder(isMap: isMap, depth: depth + 1, codingPath: codingPath(ofSlot: slot))
        values[slot] = .container(child)
        return child
    }
}
