import FoundationEssentials

/// The JSON reading Strata uses for request bodies and the test client.
public enum StrataJSON {
    /// A `JSONDecoder` that reads dates in the ISO 8601 form Strata writes them in.
    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = JSONDateParsing.parseISO8601(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"\(text)\" is not an ISO 8601 date-time")
            }
            return date
        }
        return decoder
    }
}
