/// A parameter a layer requires of every request to its routes — e.g. an `X-API-Key` header
/// on a router — checked with the handler's own inputs and reported in the same problem.
///
/// ```swift partial
/// Router("/api", routes: routes).parameter(.header("X-API-Key"))
/// ```
///
/// Only request values qualify: headers, cookies, query parameters and path parameters. For
/// one route, the innermost layer that declares a parameter (by where it is and its name) wins.
public struct LayerParameter: Sendable {
    let declaration: InputDeclaration
    /// Where and what: `header:x-api-key`, `cookie:session`, …; the merge key.
    let key: String
    let check: @Sendable (Request, inout InputIssues) throws -> Void

    /// The parameter `input` stands for.
    public init<Value>(_ input: Input<Value>) {
        declaration = input.declaration
        switch input.declaration.source {
        case .header(let name): key = "header:" + name.lowercased()
        case .cookie(let name): key = "cookie:" + name
        case .path(let name): key = "path:" + name
        case .query: key = "query:\(input.declaration.name ?? "\(Value.self)")"
        case .body: key = "body"
        case .dependency(let dependency): key = "dependency:\(dependency)"
        case .context: key = "context:\(Value.self)"
        }
        let decode = input.decode
        check = { request, issues in _ = try decode?(request, &issues) }
    }

    /// Why a layer cannot declare this parameter, if it cannot.
    var problem: String? {
        switch declaration.source {
        case .header, .cookie, .path, .query: return nil
        case .body, .dependency, .context:
            return "a layer parameter must be a header, cookie, query or path parameter, not \(declaration)"
        }
    }
}

extension LayerConfigurable {
    /// Requires `input` of every request to this layer's routes (see ``LayerParameter``).
    public func parameter<Value>(_ input: Input<Value>) -> Configured {
        let parameter = LayerParameter(input)
        return with { policy in
            policy.parameters.removeAll { $0.key == parameter.key }
            policy.parameters.append(parameter)
        }
    }
}
