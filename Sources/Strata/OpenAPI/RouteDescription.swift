/// One resolved route as the API document sees it: the entry and what its handler declared.
/// Kept only while an app is built.
struct RouteDescription {
    let entry: RouteEntry
    let template: PathTemplate
    let handler: Handler

    /// The handler's inputs, then those of the dependencies it uses (transitively) and the
    /// layers' parameters: everything a request to the route is decoded from.
    var requestInputs: [InputDeclaration] {
        var inputs = handler.inputs.filter { $0.dependencyKey == nil }
        var seen = Set<DependencyKey>()
        var pending = handler.inputs.compactMap(\.dependencyKey)
        while let key = pending.popLast() {
            guard seen.insert(key).inserted, let provider = entry.policy.dependencies[key] else { continue }
            for input in provider.requires {
                if let next = input.dependencyKey { pending.append(next) } else { inputs.append(input) }
            }
        }
        return inputs + entry.policy.parameters.map(\.declaration)
    }
}
