import FoundationEssentials

/// The path parameters of the matched route, e.g. `id` in `/users/{id:int}`.
///
/// Values are percent-decoded and already checked against their declared type when the
/// route matched, so the typed accessors only fail for a name the template does not declare.
public struct PathParameters: Sendable, Sequence {
    /// The route's parameter names, shared by every request to it.
    private let names: [String]
    /// The request path the values are cut from when a handler asks for one: a request to a
    /// parameterized route makes no string it does not use.
    private let path: Substring
    private let captures: PathCaptures
    /// The values that had percent-escapes, decoded by the router.
    private let decoded: [String]

    init(names: [String], path: Substring, captures: PathCaptures, decoded: [String]) {
        self.names = names
        self.path = path
        self.captures = captures
        self.decoded = decoded
    }

    init(_ pairs: [(name: String, value: String)]) {
        var captures = PathCaptures()
        for index in pairs.indices { captures.appendDecoded(index) }
        self.init(names: pairs.map(\.name), path: "", captures: captures, decoded: pairs.map(\.value))
    }

    /// None.
    public static let none = PathParameters(names: [], path: "", captures: PathCaptures(), decoded: [])

    /// The parameters in template order.
    public var pairs: [(name: String, value: String)] {
        names.indices.map { (names[$0], value(at: $0)) }
    }

    /// The value of `name` as text.
    public subscript(name: String) -> String? {
        names.firstIndex(of: name).map(value(at:))
    }

    private func value(at index: Int) -> String {
        let value = path.utf8.withContiguousStorageIfAvailable { captures.value(at: index, in: $0, decoded: decoded) }
        return value ?? Array(path.utf8).withUnsafeBufferPointer { captures.value(at: index, in: $0, decoded: decoded) }
    }

    /// The value of an `{name:int}` parameter.
    public func int(_ name: String) throws -> Int {
        try require(name, Int.init)
    }

    /// The value of an `{name:float}` parameter.
    public func double(_ name: String) throws -> Double {
        try require(name, Double.init)
    }

    /// The value of an `{name:uuid}` parameter.
    public func uuid(_ name: String) throws -> UUID {
        try require(name) { UUID(uuidString: $0) }
    }

    /// The value of `name` converted by `convert`; throws a 400 when the value is absent or
    /// does not convert.
    public func require<T>(_ name: String, _ convert: (String) -> T?) throws -> T {
        guard let text = self[name] else {
            throw MisuseError("the route has no path parameter \"\(name)\"")
        }
        guard let value = convert(text) else {
            throw HTTPError(.badRequest, detail: "Path parameter \"\(name)\" has an invalid value.")
        }
        return value
    }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        pairs.makeIterator()
    }
}
