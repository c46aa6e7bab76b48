import StrataHTTP

/// A ``Compression`` policy prepared when the app is built: the codings this build has, the
/// media-type patterns split once.
struct ResolvedCompression: Sendable {
    let codings: [ContentCoding]
    let minimumSize: Int
    let level: Int
    let brotliQuality: Int
    let compressesFiles: Bool
    let compressesStreams: Bool
    /// `(type, subtype)` lowercased; `*` for any; a subtype starting with `+` is a suffix.
    private let patterns: [(type: Substring, subtype: Substring)]

    /// The policy, or what is wrong with it.
    static func resolve(_ compression: Compression) -> Result<ResolvedCompression, CompressionProblems> {
        var problems: [String] = []
        var patterns: [(Substring, Substring)] = []
        for pattern in compression.mediaTypes {
            let parts = pattern.lowercased().split(separator: "/", omittingEmptySubsequences: false)
            let valid: Bool
            var subtype = parts.count == 2 ? parts[1] : ""
            if parts.count != 2 || !(parts[0] == "*" || (HTTPToken.isValid(parts[0]) && !parts[0].contains("*"))) {
                valid = false
            } else if subtype == "*" {
                valid = true
            } else if subtype.hasPrefix("*+") {
                subtype = subtype.dropFirst()
                valid = HTTPToken.isValid(subtype.dropFirst()) && !subtype.dropFirst().contains("*")
            } else {
                valid = HTTPToken.isValid(subtype) && !subtype.contains("*")
            }
            guard valid else {
                problems.append("compression: \"\(pattern)\" is not a media type pattern (type/subtype, type/*, */*+suffix)")
                continue
            }
            patterns.append((parts[0], subtype))
        }
        if !(1...9).contains(compression.level) { problems.append("compression: level \(compression.level) is not 1 to 9") }
        if !(0...11).contains(compression.brotliQuality) { problems.append("compression: brotliQuality \(compression.brotliQuality) is not 0 to 11") }
        if compression.minimumSize < 0 { problems.append("compression: minimumSize \(compression.minimumSize) is negative") }
        let codings = compression.codings.filter(\.isAvailable)
        if codings.isEmpty { problems.append("compression: none of the codings \(compression.codings) is available in this build") }
        guard problems.isEmpty else { return .failure(CompressionProblems(messages: problems)) }
        return .success(ResolvedCompression(
            codings: codings, minimumSize: compression.minimumSize, level: compression.level, brotliQuality: compression.brotliQuality,
            compressesFiles: compression.compressesFiles, compressesStreams: compression.compressesStreams, patterns: patterns))
    }

    /// Whether content of `contentType` (a `Content-Type` value) is compressed.
    func compresses(contentType: String) -> Bool {
        let essence = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: " \t").lowercased() } ?? ""
        let parts = essence.split(separator: "/", maxSplits: 1)
        guard parts.count == 2, !Self.isCompressedAlready(type: parts[0], subtype: parts[1]) else { return false }
        return patterns.contains { pattern in
            (pattern.type == "*" || pattern.type == parts[0])
                && (pattern.subtype == "*" || pattern.subtype == parts[1]
                    || (pattern.subtype.hasPrefix("+") && parts[1].hasSuffix(pattern.subtype)))
        }
    }

    /// Types whose bytes are compressed already: compressing them again costs CPU for nothing.
    private static func isCompressedAlready(type: Substring, subtype: Substring) -> Bool {
        switch type {
        case "image": return subtype != "svg+xml" && subtype != "bmp" && subtype != "x-icon" && subtype != "vnd.microsoft.icon"
        case "audio", "video": return true
        case "font": return subtype == "woff" || subtype == "woff2"
        case "application":
            return ["zip", "gzip", "x-gzip", "zstd", "x-bzip2", "x-xz", "x-7z-compressed", "vnd.rar", "x-rar-compressed", "pdf",
                    "octet-stream"].contains(subtype)
        default: return false
        }
    }

    func level(for coding: ContentCoding) -> Int {
        coding == .brotli ? brotliQuality : level
    }
}

/// What is wrong with a ``Compression`` policy, for the build error.
struct CompressionProblems: Error {
    let messages: [String]
}
