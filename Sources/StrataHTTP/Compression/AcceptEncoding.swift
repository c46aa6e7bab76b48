/// The content codings a request accepts (RFC 9110 §12.5.3), read once from its
/// `Accept-Encoding` fields.
package struct AcceptEncoding: Sendable {
    /// The qvalue of each coding named, lowercased, in thousandths; `*` under `"*"`.
    private var qualities: [(coding: String, quality: Int)]
    /// Whether the request had the field at all: without it, identity is the answer.
    package let isPresent: Bool

    /// What the request accepts; `nil` values are the absent field.
    package init(_ values: [String]) {
        isPresent = !values.isEmpty
        qualities = []
        for value in values {
            for member in value.split(separator: ",") {
                var parameters = member.split(separator: ";")
                guard let name = parameters.first?.trimmingCharacters(in: " \t").lowercased(), !name.isEmpty,
                      HTTPToken.isValid(name) else { continue }
                parameters.removeFirst()
                var quality = 1000
                for parameter in parameters {
                    let pair = parameter.split(separator: "=", maxSplits: 1)
                    guard pair.count == 2, pair[0].trimmingCharacters(in: " \t").lowercased() == "q" else { continue }
                    // A malformed qvalue makes the member meaningless: it is not acceptable.
                    quality = ContentNegotiation.qvalueThousandths(pair[1].trimmingCharacters(in: " \t")) ?? 0
                }
                // "x-gzip" is gzip (RFC 9110 §8.4.1.3).
                qualities.append((name == "x-gzip" ? "gzip" : name, quality))
            }
        }
    }

    /// The qvalue of `coding`: its own entry, else `*`'s, else 0 — or, for identity, 1 unless
    /// refused.
    package func quality(of coding: String) -> Int {
        if let own = qualities.last(where: { $0.coding == coding }) { return own.quality }
        if let any = qualities.last(where: { $0.coding == "*" }) { return any.quality }
        return coding == "identity" ? 1000 : 0
    }

    /// Whether an unencoded response is acceptable: always without the field, else unless
    /// `identity;q=0`, or `*;q=0` without an entry for identity.
    package var acceptsIdentity: Bool {
        !isPresent || quality(of: "identity") > 0
    }

    /// The coding to send among `offered` (in the server's order of preference for equal
    /// qvalues): the acceptable one with the highest qvalue, unless identity is preferred
    /// over all of them; `nil` for identity.
    package func preferred(among offered: [ContentCoding]) -> ContentCoding? {
        guard isPresent else { return nil }
        var best: (coding: ContentCoding, quality: Int)?
        for coding in offered {
            let quality = self.quality(of: coding.rawValue)
            if quality > 0 && quality > (best?.quality ?? 0) { best = (coding, quality) }
        }
        guard let best else { return nil }
        // Identity only wins when the client prefers it explicitly.
        if let identity = qualities.last(where: { $0.coding == "identity" }), identity.quality > best.quality { return nil }
        return best.coding
    }
}
