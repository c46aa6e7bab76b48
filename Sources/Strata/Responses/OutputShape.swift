import FoundationEssentials
import StrataHTTP

/// How a handler's return type is serialized, decided once from the type when the app is built.
enum OutputShape: Sendable, Equatable {
    /// `Void`: no content.
    case empty
    /// ``Response`` or another ``ResponseConvertible``: as it describes itself.
    case convertible
    /// `String`: its UTF-8 bytes, `text/plain` unless declared otherwise.
    case text
    /// `[UInt8]` or `Data`: as they are, `application/octet-stream` unless declared otherwise.
    case bytes
    /// Any other `Encodable`: JSON, or MessagePack when the media type says so.
    case encodable
    /// None of the above: only a ``ResponseClass`` can render it.
    case opaque

    init(_ type: Any.Type) {
        if type == Void.self {
            self = .empty
        } else if type == String.self {
            self = .text
        } else if type == [UInt8].self || type == Data.self {
            self = .bytes
        } else if type is any ResponseConvertible.Type {
            self = .convertible
        } else if type is any Encodable.Type {
            self = .encodable
        } else {
            self = .opaque
        }
    }

    /// Whether values of this shape put content in the body.
    var hasContent: Bool {
        switch self {
        case .text, .bytes, .encodable: return true
        case .empty, .convertible, .opaque: return false
        }
    }

    /// The media type used when neither the handler nor a layer names one that fits.
    var naturalMediaType: MediaType? {
        switch self {
        case .text: return .plainText
        case .bytes: return .octetStream
        case .encodable: return .json
        case .empty, .convertible, .opaque: return nil
        }
    }

    /// Whether this shape can be written as `mediaType` by the default rendering.
    func canRender(as mediaType: MediaType) -> Bool {
        switch self {
        case .encodable: return mediaType.isJSON || mediaType.isMessagePack
        case .text, .bytes: return true
        case .empty, .convertible, .opaque: return false
        }
    }
}
