/// Media types for file-name extensions, from a built-in table of common formats.
///
/// Lookups ignore ASCII case. Text types come back without a `charset`: the caller
/// knows the encoding of its files and adds it (`withCharset("utf-8")`).
/// ```swift
/// MediaTypeRegistry.mediaType(forPathExtension: "PNG")?.description   // "image/png"
/// MediaTypeRegistry.mediaType(forFileName: "app.min.js")?.description // "text/javascript"
/// MediaTypeRegistry.mediaType(forFileName: "README")                  // nil
/// ```
package enum MediaTypeRegistry {
    /// The media type for `ext` (without the dot, any case), or `nil` if it is not in the table.
    package static func mediaType(forPathExtension ext: String) -> MediaType? {
        byExtension[ASCII.lowercased(ext)]
    }

    /// The media type for the extension of `name`'s last path component, or `nil`.
    ///
    /// The extension is what follows the last `.`; a leading dot only marks a hidden
    /// file, so `.bashrc` has none. `archive.tar.gz` is `application/gzip`.
    package static func mediaType(forFileName name: String) -> MediaType? {
        let utf8 = name.utf8
        let slash = utf8.lastIndex(of: UInt8(ascii: "/"))
        let componentStart = slash.map { utf8.index(after: $0) } ?? utf8.startIndex
        guard let dot = utf8[componentStart...].lastIndex(of: UInt8(ascii: ".")),
              dot != componentStart
        else { return nil }
        let ext = Substring(utf8[utf8.index(after: dot)...])
        guard !ext.isEmpty else { return nil }
        return mediaType(forPathExtension: String(ext))
    }

    /// The table as `(extension, type/subtype)`, extensions lowercase and unique.
    ///
    /// Order is the table's own, so anything derived from it is deterministic.
    package static var entries: [(pathExtension: String, mediaType: MediaType)] {
        table.map { ($0.ext, makeMediaType($0.essence)) }
    }

    /// Hashed once for lookup only; output never iterates it.
    private static let byExtension: [String: MediaType] = Dictionary(
        table.map { ($0.ext, makeMediaType($0.essence)) },
        // A duplicate is a table bug (a test rejects it); the first entry wins meanwhile.
        uniquingKeysWith: { first, _ in first }
    )

    private static func makeMediaType(_ essence: String) -> MediaType {
        let parts = essence.split(separator: "/", maxSplits: 1)
        return MediaType(type: String(parts[0]), subtype: parts.count > 1 ? String(parts[1]) : "")
    }
}
