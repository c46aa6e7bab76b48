import StrataHTTP
import Glibc

/// Serves a directory under a path, with everything ``File`` does: media types, validators,
/// ranges, conditional requests.
///
/// ```swift
/// App(routes: [
///     StaticFiles("/assets", directory: "Public").cacheControl(.maxAge(3600)),
/// ])
/// ```
///
/// A request that tries to leave the directory gets 404 — `..` and `.` segments (also
/// spelled `%2e%2e`), an encoded slash (`%2f`), NUL, backslashes, and symbolic links that
/// point outside the root — as do hidden files (unless allowed) and directories without an
/// index file.
public struct StaticFiles: RouteComponent, Layer {
    /// The path the directory is served under, e.g. `/assets`.
    public var path: String
    /// The directory served.
    public var directory: String
    /// The file a directory request serves, if any.
    public var indexFile: String?
    /// Whether names starting with `.` (`.env`, `.git`) are served.
    public var allowsHiddenFiles: Bool
    /// How the files' entity tags are made.
    public var etag: File.ETagStrategy
    /// This layer's policies.
    public var policy: LayerPolicy

    /// Serves `directory` under `path`.
    public init(_ path: String, directory: String, indexFile: String? = "index.html", allowsHiddenFiles: Bool = false,
                etag: File.ETagStrategy = .attributes, policy: LayerPolicy = LayerPolicy()) {
        self.path = path
        self.directory = directory
        self.indexFile = indexFile
        self.allowsHiddenFiles = allowsHiddenFiles
        self.etag = etag
        self.policy = policy
    }

    public var routeNode: RouteNode {
        let server = self
        return Handler([.get], PathTemplate.join([path, "{staticFilePath:path}"]), policy: policy) { request -> Response in
            let requested = request.parameters["staticFilePath"] ?? ""
            guard let file = server.resolve(requested) else {
                throw HTTPError(.notFound)
            }
            // A directory's index is served at the path with a slash, so its relative links
            // work; without one, redirect there as nginx does.
            if file.isIndex && !requested.isEmpty && !requested.hasSuffix("/") {
                let path = request.target.prefix { $0 != "?" }
                let query = request.target.dropFirst(path.count)
                return try Redirect(to: path + "/" + query, status: .movedPermanently).makeResponse(context: RenderContext.plain(request))
            }
            return try File(file.path, disposition: .inline, etag: server.etag).makeResponse(context: RenderContext.plain(request))
        }.routeNode
    }

    /// The file a request path names inside the directory, and whether it is a directory's
    /// index; `nil` when it names nothing servable or tries to leave the directory.
    public func resolve(_ requested: String) -> (path: String, isIndex: Bool)? {
        // The router keeps a slash that was percent-encoded inside a segment as "%2F": it
        // would let "a%2F..%2Fsecret" pass the segment checks below as one name.
        if requested.contains("%2F") || requested.contains("%2f") || requested.utf8.contains(0) || requested.contains("\\") {
            return nil
        }
        var segments = requested.split(separator: "/", omittingEmptySubsequences: false)
        let endsWithSlash = segments.count > 1 && segments.last == ""
        if segments.last == "" { segments.removeLast() }
        for segment in segments {
            if segment.isEmpty || segment == "." || segment == ".." { return nil }
            if !allowsHiddenFiles && segment.hasPrefix(".") { return nil }
        }
        guard let root = Self.realPath(directory) else { return nil }
        let candidate = segments.isEmpty ? root : root + "/" + segments.joined(separator: "/")
        // A symbolic link may point anywhere; what counts is where the path really ends up.
        guard var resolved = Self.realPath(candidate), isInside(resolved, root: root) else {
            return nil
        }
        var isIndex = false
        if let info = FileInfo(path: resolved), info.isDirectory {
            guard let indexFile, let index = Self.realPath(resolved + "/" + indexFile), isInside(index, root: root) else { return nil }
            resolved = index
            isIndex = true
        } else if endsWithSlash {
            return nil  // "a.txt/" names a directory that is not there.
        }
        guard let info = FileInfo(path: resolved), info.isRegularFile else { return nil }
        return (resolved, isIndex)
    }

    /// Whether `path` (resolved) lies under `root`, and — unless hidden files are allowed —
    /// none of its components below the root is hidden (a link to `.env` is still `.env`).
    private func isInside(_ path: String, root: String) -> Bool {
        let prefix = root == "/" ? "/" : root + "/"
        guard path == root || path.hasPrefix(prefix) else { return false }
        guard !allowsHiddenFiles else { return true }
        return !path.dropFirst(prefix.count).split(separator: "/").contains { $0.hasPrefix(".") }
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
