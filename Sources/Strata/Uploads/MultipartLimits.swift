/// The bounds a `multipart/form-data` request is read within; each has its own refusal.
///
/// The route's ``LayerPolicy/requestBodyLimit`` bounds the whole content besides.
public struct MultipartLimits: Sendable {
    /// The most parts; more answers 413.
    public var maxParts: Int
    /// The most bytes of a field (a part without a file name); more answers 413.
    public var maxFieldBytes: Int
    /// The most bytes of one file; more answers 413.
    public var maxFileBytes: Int
    /// The most bytes of a part's header fields; more answers 400.
    public var maxHeaderBytes: Int
    /// The most bytes of files kept in memory, all of a form's files together; a file that
    /// would pass it is written to a temporary file as it arrives.
    public var memoryThreshold: Int

    /// Limits; the defaults suit a form with a few fields and a few files.
    public init(maxParts: Int = 100, maxFieldBytes: Int = 64 * 1024, maxFileBytes: Int = 100 * 1024 * 1024,
                maxHeaderBytes: Int = 8 * 1024, memoryThreshold: Int = 1024 * 1024) {
        self.maxParts = maxParts
        self.maxFieldBytes = maxFieldBytes
        self.maxFileBytes = maxFileBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.memoryThreshold = memoryThreshold
    }
}
