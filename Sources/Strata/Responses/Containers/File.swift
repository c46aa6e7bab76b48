import FoundationEssentials
import StrataHTTP
import Glibc

/// A file response: sent with `sendfile`, with its media type, validators, byte ranges and a
/// `Content-Disposition`.
///
/// ```swift
/// Get("/reports/{id:int}") { request in
///     File("/srv/reports/\(try request.parameters.int("id")).pdf", downloadName: "Report.pdf")
/// }
/// ```
///
/// A missing file is 404 and a directory is refused (404 too). `Range` requests get 206 (one
/// range) or `multipart/byteranges` (several), 416 when nothing is satisfiable, and the whole
/// file when `If-Range` names a weak or stale validator. `If-None-Match` and
/// `If-Modified-Since` get 304, as on every route.
public struct File: ResponseConvertible {
    /// How the file's entity tag is made.
    public enum ETagStrategy: Sendable, Hashable {
        /// From the file's inode, size and modification time: free, and changes whenever the
        /// file does. The default.
        case attributes
        /// A strong tag from the SHA-256 of the content, computed once per file version.
        case contentHash
        /// The caller's own tag.
        case custom(ETag)
        /// No tag.
        case none
    }

    /// The file's path.
    public var path: String
    /// The name a browser saves it under; `nil` uses the file's own name for attachments.
    public var downloadName: String?
    /// Whether the browser should save it (`attachment`, the default) or show it (`inline`).
    public var disposition: ContentDisposition.Kind
    /// The media type; by default from the name's extension.
    public var mediaType: MediaType?
    /// How the `ETag` is made.
    public var etag: ETagStrategy
    /// A `Last-Modified` to send instead of the file's modification time.
    public var lastModified: Date?
    /// A `Cache-Control: max-age` in seconds, if any.
    public var maxAge: Int?

    /// A file response.
    public init(_ path: String, downloadName: String? = nil, disposition: ContentDisposition.Kind = .attachment,
                mediaType: MediaType? = nil, etag: ETagStrategy = .attributes, lastModified: Date? = nil, maxAge: Int? = nil) {
        self.path = path
        self.downloadName = downloadName
        self.disposition = disposition
        self.mediaType = mediaType
        self.etag = etag
        self.lastModified = lastModified
        self.maxAge = maxAge
    }

    public func makeResponse(context: RenderContext) throws -> Response {
        guard let info = FileInfo(path: path), info.isRegularFile else {
            throw HTTPError(.notFound)
        }
        var response = Response(status: .ok)
        let name = downloadName ?? (disposition == .attachment ? String(path.split(separator: "/").last ?? "") : nil)
        let type = mediaType ?? context.mediaType ?? MediaTypeRegistry.mediaType(forFileName: name ?? path) ?? MediaTypeRegistry.mediaType(forFileName: path) ?? .octetStream
        response.mediaType = type.withDefaultCharset()
        response.headers["Content-Disposition"] = ContentDisposition.header(disposition, filename: name)
        let modified = lastModified ?? info.modified
        response.headers["Last-Modified"] = HTTPDate.format(modified)
        let tag = try entityTag(for: info)
        if let tag { response.headers["ETag"] = tag.headerValue }
        response.headers["Accept-Ranges"] = "bytes"
        if let maxAge { response.headers["Cache-Control"] = CacheControl(maxAge: maxAge).headerValue }
        applyRange(to: &response, info: info, etag: tag, lastModified: modified, request: context.request, type: type)
        return response
    }

    private func entityTag(for info: FileInfo) throws -> ETag? {
        switch etag {
        case .attributes:
            // Nanosecond mtime, size and inode: a new version of the file always gets a new tag.
            return ETag(String(info.inode, radix: 16) + "-" + String(info.size, radix: 16) + "-" + String(info.modifiedNanoseconds, radix: 16))
        case .contentHash:
            return try ContentHashCache.shared.etag(path: path, info: info)
        case .custom(let tag):
            return tag
        case .none:
            return nil
        }
    }

    /// RFC 9110 §14: a `Range` on GET (HEAD too, for the fields) selects parts of the file.
    private func applyRange(to response: inout Response, info: FileInfo, etag: ETag?, lastModified: Date, request: Request, type: MediaType) {
        let whole = HTTPFileRegion(path: path, offset: 0, length: info.size)
        guard request.method == .get || request.method == .head,
              let rangeField = request.headers["Range"], let specs = RangeRequest.parse(rangeField) else {
            response.file = whole
            return
        }
        // §13.1.5: a range of a representation the client no longer has is not what it wants.
        // A Last-Modified less than a second before now is a weak validator (§8.8.2.2), so it
        // cannot vouch for a range.
        let strongDate = Date().timeIntervalSince(lastModified) >= 1 ? lastModified : nil
        if let ifRange = request.headers["If-Range"], !IfRange.allowsPartial(ifRange, etag: etag, lastModified: strongDate) {
            response.file = whole
            return
        }
        switch RangeRequest.resolve(specs, length: info.size) {
        case .whole:
            response.file = whole
        case .unsatisfiable:
            response.status = .rangeNotSatisfiable
            response.headers["Content-Range"] = ContentRange.unsatisfiedHeader(length: info.size)
            response.headers.remove("Content-Type")
            response.body = []
        case .partial(let ranges) where ranges.count == 1:
            let range = ranges[0]
            response.status = .partialContent
            response.headers["Content-Range"] = ContentRange.header(range, length: info.size)
            response.file = HTTPFileRegion(path: path, offset: range.lowerBound, length: range.count)
        case .partial(let ranges):
            let multipart = MultipartByteRanges(ranges: ranges, length: info.size, contentType: type.withDefaultCharset().description,
                                                boundary: MultipartByteRanges.makeBoundary())
            response.status = .partialContent
            response.headers["Content-Type"] = multipart.contentType
            response.stream = MultipartFileBody(path: path, segments: multipart.segments).stream
        }
    }
}

/// What `stat` says of a path.
struct FileInfo: Sendable, Hashable {
    let size: Int
    let inode: UInt64
    let device: UInt64
    let modifiedNanoseconds: Int
    let isRegularFile: Bool
    let isDirectory: Bool

    init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        size = Int(status.st_size)
        inode = UInt64(status.st_ino)
        device = UInt64(status.st_dev)
        modifiedNanoseconds = Int(status.st_mtim.tv_sec) * 1_000_000_000 + Int(status.st_mtim.tv_nsec)
        let kind = status.st_mode & S_IFMT
        isRegularFile = kind == S_IFREG
        isDirectory = kind == S_IFDIR
    }

    var modified: Date {
        Date(timeIntervalSince1970: TimeInterval(modifiedNanoseconds / 1_000_000_000))
    }
}

extension File: DeclaredStatusChecking {
    static func problem(withDeclaredStatus status: HTTPStatus) -> String? {
        status == .ok ? nil
            : "declares status \(status), but a File answers 200, 206 or 416 as the request's Range decides; remove status:"
    }
}
