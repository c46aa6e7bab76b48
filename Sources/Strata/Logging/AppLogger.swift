/// The app's ``Logger`` in a box that requests share: one reference to copy instead of a
/// logger's fields and handler.
final class AppLogger: Sendable {
    let logger: Logger

    init(_ logger: Logger) {
        self.logger = logger
    }
}
