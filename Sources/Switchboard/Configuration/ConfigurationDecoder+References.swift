extension ConfigurationDecoder {
    func target(_ node: YAMLNode, _ path: String, providers: [String]) -> SwitchboardConfiguration.Target? {
        guard let text = string(node, path) else { return nil }
        let target = SwitchboardConfiguration.Target(parsing: text)
        guard checkProvider(target.provider, node, path, providers: providers) else { return nil }
        return target
    }

    /// Records an error unless `name` is a defined provider instance.
    @discardableResult
    func checkProvider(_ name: String, _ node: YAMLNode, _ path: String, providers: [String]) -> Bool {
        if providers.contains(name) { return true }
        let defined =
            providers.isEmpty
            ? "no providers are defined" : "providers defined here: \(providers.sorted().joined(separator: ", "))"
        fail(
            .invalidValue,
            "unknown provider `\(name)`; \(defined).\(ConfigurationError.didYouMean(name, among: providers))",
            at: node.mark, path)
        return false
    }
}
