extension ProblemDetails: OpenAPISchemaDescribing {
    /// RFC 9457's members; extension members are allowed beside them.
    public static func openAPISchema(in schemas: OpenAPISchemas) -> JSONSchema {
        .object(properties: ["type": .string(format: "uri-reference"), "title": .string(), "status": .integer(minimum: 100, maximum: 599),
                             "detail": .string(), "instance": .string(format: "uri-reference")],
                required: ["type", "title", "status"])
    }
}

/// The problem a ``ValidationError`` is answered with, for the API document.
enum ValidationProblem: OpenAPISchemaDescribing {
    static func openAPISchema(in schemas: OpenAPISchemas) -> JSONSchema {
        JSONSchema(["allOf": [schemas.schema(for: ProblemDetails.self).json,
                              JSONSchema.object(properties: ["errors": .array(of: schemas.schema(for: FieldIssue.self)),
                                                             "omittedErrors": .integer(minimum: 1).described("How many issues are not listed.")],
                                                required: ["errors"]).json]])
    }
}
