/// An ordered list of name–value pairs: a query string or an application/x-www-form-urlencoded body.
///
/// Names may repeat (`tag=a&tag=b`); order is kept, and equality compares pairs in order.
/// ```swift
/// let form = URLEncodedForm(parsing: "name=Ada+Lovelace&tag=a&tag=b")
/// form["name"]      // "Ada Lovelace"
/// form.all("tag")   // ["a", "b"]
/// form.encoded      // "name=Ada+Lovelace&tag=a&tag=b"
/// ```
public struct URLEncodedForm: Sendable, Hashable, Sequence {
    /// One pair; a struct rather than a tuple so that the form can be `Hashable`.
    fileprivate struct Pair: Sendable, Hashable {
        var name: String
        var value: String
    }

    private var storage: [Pair]

    /// A form holding `pairs` in order.
    public init(_ pairs: [(String, String)] = []) {
        storage = pairs.map { Pair(name: $0.0, value: $0.1) }
    }

    /// The value of the first pair named `name`, or `nil` if there is none.
    public subscript(name: String) -> String? {
        storage.first { $0.name == name }?.value
    }

    /// The values of every pair named `name`, in order.
    public func all(_ name: String) -> [String] {
        storage.compactMap { $0.name == name ? $0.value : nil }
    }

    /// Every pair, in order.
    public var pairs: [(name: String, value: String)] {
        storage.map { (name: $0.name, value: $0.value) }
    }

    /// Adds a pair at the end; an existing pair with the same name is kept.
    public mutating func append(_ name: String, _ value: String) {
        storage.append(Pair(name: name, value: value))
    }

    /// Whether there are no pairs.
    public var isEmpty: Bool { storage.isEmpty }

    /// The number of pairs, counting repeated names each time.
    public var count: Int { storage.count }

    /// Iterates the pairs in order.
    public func makeIterator() -> Iterator {
        Iterator(base: storage.makeIterator())
    }

    /// The iterator of ``URLEncodedForm``, yielding `(name, value)` pairs in order.
    public struct Iterator: IteratorProtocol {
        fileprivate var base: IndexingIterator<[Pair]>

        /// The next pair, or `nil` after the last.
        public mutating func next() -> (name: String, value: String)? {
            base.next().map { (name: $0.name, value: $0.value) }
        }
    }
}

extension URLEncodedForm {
    /// Parses a query string or form body with the WHATWG application/x-www-form-urlencoded parser.
    ///
    /// Splits on `&` (empty pieces are skipped), splits each piece at its first `=` (no `=`
    /// means an empty value), turns `+` into a space and percent-decodes leniently: malformed
    /// `%` stays literal, invalid UTF-8 becomes U+FFFD. A leading `?` is part of the first name,
    /// as in the standard; strip it first if `input` is a whole query with its `?`.
    public init(parsing input: some StringProtocol) {
        storage = []
        let text = String(input)
        // WHATWG URL §5.1 application/x-www-form-urlencoded parsing, steps 1–3. `&` and `=`
        // are ASCII, so splitting the UTF-8 view always lands on character boundaries.
        for piece in text.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let name: Substring.UTF8View
            let value: Substring.UTF8View
            if let equals = piece.firstIndex(of: UInt8(ascii: "=")) {
                name = piece[piece.startIndex..<equals]
                value = piece[piece.index(after: equals)...]
            } else {
                name = piece
                value = piece[piece.endIndex...]
            }
            storage.append(Pair(
                name: PercentEncoding.decode(Substring(name), plusAsSpace: true),
                value: PercentEncoding.decode(Substring(value), plusAsSpace: true)
            ))
        }
    }

    /// The WHATWG urlencoded serialization: `name=value` pairs joined by `&`.
    ///
    /// Everything but letters, digits and `*-._` is percent-encoded, and a space becomes `+`,
    /// so `URLEncodedForm(parsing: form.encoded) == form` for every form.
    public var encoded: String {
        var result = ""
        for (index, pair) in storage.enumerated() {
            if index > 0 { result.append("&") }
            result.append(PercentEncoding.encode(pair.name, allowing: .formURLEncoded))
            result.append("=")
            result.append(PercentEncoding.encode(pair.value, allowing: .formURLEncoded))
        }
        return result
    }
}

extension URLEncodedForm: CustomStringConvertible {
    /// The ``encoded`` form, as it would appear in a query string.
    public var description: String { encoded }
}
