public import SwitchboardKit

extension SwitchboardConfiguration {
    /// The text that replaces secret values in rendered output.
    public static let secretMask = "********"

    /// The effective configuration as YAML (for `switchboard config check`), with every secret replaced by `********`.
    ///
    /// What is secret is `policy`'s decision (``isSecret(keyPath:policy:)``): a hidden value is followed by a comment
    /// naming the variables it was read from (`api_key: "********"  # from ${OPENAI_API_KEY}`); a hidden map keeps
    /// its keys and hides every value; every other string has its URL credentials hidden
    /// (``SecretPolicy/redactingURL(_:mask:)``). The output starts with comments naming the source, the profile and
    /// the plugin search paths, and decodes back to this configuration (apart from the masked secrets).
    /// - Parameter policy: the secret policy, with the installed plugins' manifests when they are known.
    /// - Returns: YAML text.
    public func renderedYAML(policy: SecretPolicy = SecretPolicy()) -> String {
        var header = "# Effective Switchboard configuration\n# source: \(source)\n"
        if let activeProfile { header += "# profile: \(activeProfile)\n" }
        if !pluginSearchPaths.isEmpty {
            header += "# plugin search paths: \(pluginSearchPaths.joined(separator: ":"))\n"
        }
        guard case .map(var root) = Self.schema.render(self) else { return header }
        root += sections.entries.map { ($0.name, $0.value.rendered()) }
        var lines: [String] = []
        RenderNode.map(root).masked(self, policy: policy, path: "").emit(into: &lines, indent: 0)
        return header + lines.joined(separator: "\n") + "\n"
    }
}
