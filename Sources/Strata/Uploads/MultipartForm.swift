import StrataHTTP

/// A `multipart/form-data` request's fields and files, read by ``Request/multipartForm(_:)``.
///
/// ```swift
/// let upload = Post("/covers") { request in
///     let form = try await request.multipartForm(MultipartLimits(maxFileBytes: 5_000_000))
///     guard let cover = form.file("cover") else { throw HTTPError(.badRequest, detail: "Send a cover.") }
///     try cover.move(to: "/srv/covers/\(UUID().uuidString)")
///     return "\(form.field("title") ?? "untitled"): \(cover.size) bytes"
/// }
/// .streamingRequestBody()
/// ```
public struct MultipartForm: Sendable {
    /// The fields (parts without a file name), in order; a name may repeat.
    public let fields: [(name: String, value: String)]
    /// The files, in order.
    public let files: [UploadedFile]

    /// The first field named `name`.
    public func field(_ name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// The first file sent as field `name`.
    public func file(_ name: String) -> UploadedFile? {
        files.first { $0.fieldName == name }
    }
}
