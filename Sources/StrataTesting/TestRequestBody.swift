import Strata
import Foundation

/// The content of a test request, with the `Content-Type` that goes with it.
public struct TestRequestBody: Sendable {
    let bytes: Result<[UInt8], TestClientError>
    let contentType: String?

    private init(bytes: Result<[UInt8], TestClientError>, contentType: String?) {
        self.bytes = bytes
        self.contentType = contentType
    }

    /// `value` as JSON, `application/json`.
    public static func json<T: Encodable>(_ value: T) -> TestRequestBody {
        let bytes = Result { try JSONValueEncoder().encode(value) }.mapError { TestClientError.encodingFailed(String(describing: $0)) }
        return TestRequestBody(bytes: bytes, contentType: MediaType.json.description)
    }

    /// Name–value pairs as `application/x-www-form-urlencoded`, in order.
    public static func form(_ pairs: [(String, String)]) -> TestRequestBody {
        TestRequestBody(bytes: .success(Array(URLEncodedForm(pairs).encoded.utf8)), contentType: MediaType.formURLEncoded.description)
    }

    /// `value` as MessagePack, `application/msgpack`.
    public static func messagePack<T: Encodable>(_ value: T) -> TestRequestBody {
        let bytes = Result { try MessagePackEncoder().encode(value) }.mapError { TestClientError.encodingFailed(String(describing: $0)) }
        return TestRequestBody(bytes: bytes, contentType: MediaType.messagePack.description)
    }

    /// UTF-8 text, `text/plain; charset=utf-8` unless another type is given.
    public static func text(_ text: String, contentType: String = "text/plain; charset=utf-8") -> TestRequestBody {
        TestRequestBody(bytes: .success(Array(text.utf8)), contentType: contentType)
    }

    /// Raw bytes, with a `Content-Type` only if one is given.
    public static func bytes(_ bytes: [UInt8], contentType: String? = nil) -> TestRequestBody {
        TestRequestBody(bytes: .success(bytes), contentType: contentType)
    }

    /// A part of a ``multipart(_:boundary:)`` form.
    public enum FormPart: Sendable {
        /// A text field.
        case field(String, String)
        /// A file: the field's name, the file's name, its type and its bytes.
        case file(String, filename: String, contentType: String = "application/octet-stream", [UInt8])
    }

    /// `parts` as `multipart/form-data` (RFC 7578), as a browser sends a form with files.
    public static func multipart(_ parts: [FormPart], boundary: String = "strata-test-boundary-7MA4YWxkTrZu0gW") -> TestRequestBody {
        var bytes: [UInt8] = []
        func quoted(_ text: String) -> String {
            text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        }
        for part in parts {
            bytes += Array("--\(boundary)\r\n".utf8)
            switch part {
            case .field(let name, let value):
                bytes += Array("Content-Disposition: form-data; name=\"\(quoted(name))\"\r\n\r\n\(value)".utf8)
            case .file(let name, let filename, let contentType, let content):
                bytes += Array("Content-Disposition: form-data; name=\"\(quoted(name))\"; filename=\"\(quoted(filename))\"\r\nContent-Type: \(contentType)\r\n\r\n".utf8)
                bytes += content
            }
            bytes += Array("\r\n".utf8)
        }
        bytes += Array("--\(boundary)--\r\n".utf8)
        return TestRequestBody(bytes: .success(bytes), contentType: "multipart/form-data; boundary=\(boundary)")
    }
}
