import Synchronization

/// Gives each request of a layer's routes an id — the client's, if it sent a valid one in
/// `X-Request-ID` (a proxy in front usually sets it), else a new random one — and echoes it
/// in the response, so a user's bug report, the proxy's log and the access log meet on one
/// value. A scalar policy: the innermost layer that says wins.
///
/// The id is assigned before guards run, so a refusal carries one too; that is why this is a
/// layer policy and not a ``Middleware``, which runs after them. Handlers read it as
/// ``Request/requestID`` and log with ``Request/logger``, which carries it.
///
/// An incoming id is accepted when it has 1 to 200 characters from `A–Z a–z 0–9 - _ . : / + = @`;
/// anything else (a CR/LF, a quote, a megabyte) is replaced, not echoed. A new id is 32
/// hexadecimal digits, unique within the process and unpredictable from the ids before it.
///
/// ```swift
/// let app = App(routes: [Get("/books") { request in "id \(request.requestID ?? "")" }])
///     .requestIDs(.on)
/// ```
public struct RequestIDs: Sendable, Hashable {
    /// Whether requests get an id.
    public var isEnabled: Bool
    /// The field the id is read from and echoed in.
    public var header: String
    /// Whether a valid incoming id is kept; `false` always makes a new one (no proxy in front
    /// to vouch for it).
    public var acceptsIncoming: Bool

    /// Ids in `header`, keeping a valid incoming one when `acceptsIncoming`.
    public init(header: String = "X-Request-ID", acceptsIncoming: Bool = true) {
        self.isEnabled = true
        self.header = header
        self.acceptsIncoming = acceptsIncoming
    }

    /// Ids in `X-Request-ID`, keeping a valid incoming one.
    public static let on = RequestIDs()
    /// No ids.
    public static let off: RequestIDs = {
        var ids = RequestIDs()
        ids.isEnabled = false
        return ids
    }()

    /// The id of a request that sent `incoming`.
    func id(for incoming: String?) -> String {
        if acceptsIncoming, let incoming, Self.isValid(incoming) { return incoming }
        return Self.generate()
    }

    static func isValid(_ id: String) -> Bool {
        let utf8 = id.utf8
        guard (1...200).contains(utf8.count) else { return false }
        return utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return true
            case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "/"),
                 UInt8(ascii: "+"), UInt8(ascii: "="), UInt8(ascii: "@"):
                return true
            default:
                return false
            }
        }
    }

    /// 32 lowercase hexadecimal digits: a per-process random key mixed with a counter through
    /// a bijection (SplitMix64's finalizer), so ids never repeat within a process and do not
    /// reveal how many came before — without a `getrandom` call per request, which costs more
    /// than the rest of the id. They identify requests; they are not secrets.
    static func generate() -> String {
        let count = counter.wrappingAdd(1, ordering: .relaxed).oldValue
        let high = mix(count &+ key.0), low = mix(count ^ key.1)
        return String(unsafeUninitializedCapacity: 32) { buffer in
            for index in 0..<16 {
                let shift = UInt64(60 - 4 * index)
                buffer[index] = hexDigit(UInt8(truncatingIfNeeded: (high >> shift) & 0xF))
                buffer[16 + index] = hexDigit(UInt8(truncatingIfNeeded: (low >> shift) & 0xF))
            }
            return 32
        }
    }

    private static let counter = Atomic<UInt64>(0)
    private static let key: (UInt64, UInt64) = {
        var generator = SystemRandomNumberGenerator()
        return (generator.next(), generator.next())
    }()

    /// SplitMix64's output function: a bijection on 64 bits that spreads every input bit.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}
