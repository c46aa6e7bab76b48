import Strata

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
}
