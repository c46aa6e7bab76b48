@testable import Strata
import Testing

/// A client's file name reduced to a harmless last component.
@Suite("Uploaded file names")
struct UploadedFileNameTests {
    @Test(arguments: [
        ("../../etc/passwd", "passwd"), ("C:\\Users\\a\\evil.exe", "evil.exe"), ("report.pdf", "report.pdf"),
        // A separator followed by a combining mark is one Character but two scalars.
        ("../\u{301}x", "x"), ("..\u{301}/x", "x"), ("a/\u{20DD}", nil),
        ("..", nil), (".", nil), ("", nil), ("/", nil), ("  spaced  ", "spaced"), ("tab\there", "tabhere"),
    ] as [(String, String?)])
    func sanitized(sent: String, kept: String?) {
        #expect(UploadedFile.sanitized(sent) == kept)
    }
}
