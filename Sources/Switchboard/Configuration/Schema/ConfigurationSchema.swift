/// The declaration of a configuration section (or of one entry of a list or mapping in it): what it is called, what
/// it holds, and its keys, each stated once as a ``ConfigurationKey``.
///
/// Everything the configuration shows of a section comes from here: the unknown-key check with its "did you mean"
/// (``ConfigurationReader/read(_:)``), `switchboard config check`'s rendering (``render(_:)``), its part of the
/// `switchboard init` template (``template(indent:)``) and its key table in `docs/configuration.md`
/// (``markdownTable()``).
package struct ConfigurationSchema<Section: Sendable>: Sendable {
    /// Where the section sits, as the docs name it: `gateway`, `gateway.keys[]`, `usage.cache`.
    package let path: String
    /// What the section holds, for "expected a mapping of …" errors: `gateway settings`.
    package let what: String
    /// The section's doc: the comment above it in the template (one line per element).
    package let doc: [String]
    /// The value when nothing is written; keys read into a copy of it, and their defaults are what it renders.
    package let defaults: Section
    /// The keys, in the order they are read, rendered, templated and documented.
    package let keys: [ConfigurationKey<Section>]

    /// Declares a section.
    package init(
        _ path: String, what: String, doc: [String], defaults: Section, keys: [ConfigurationKey<Section>]
    ) {
        self.path = path
        self.what = what
        self.doc = doc
        self.defaults = defaults
        self.keys = keys
    }

    /// The valid key names, in order (the unknown-key check lists them).
    package var keyNames: [String] { keys.map(\.name) }

    /// `value` as YAML: each key's rendering, secret keys masked.
    package func render(_ value: Section) -> RenderNode {
        .map(
            keys.compactMap { key in
                guard let node = key.render(value) else { return nil }
                return (key.name, key.isSecret ? .string(SwitchboardConfiguration.secretMask) : node)
            })
    }

    /// The section's keys as commented template lines, indented by `indent` spaces: each key's doc, then the key
    /// with its default (or commented out when it has none), then its example lines.
    package func template(indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        var lines: [String] = []
        for key in keys {
            lines += key.doc.split(separator: "\n").map { "\(pad)# \($0)" }
            // Examples of a value sit under its key; a key without a default is itself the commented example.
            var examplePad = pad
            if let node = key.render(defaults) {
                var rendered: [String] = []
                RenderNode.map([(key.name, node)]).emit(into: &rendered, indent: indent)
                lines += rendered
                examplePad += "  "
            }
            lines += key.example.map { "\(examplePad)# \($0)" }
        }
        return lines
    }

    /// The docs' table of this section's keys: key, type, default and meaning.
    package func markdownTable() -> String {
        var rows = ["| key | type | default | meaning |", "|-----|------|---------|---------|"]
        for key in keys {
            var shown = key.defaultText
            if shown == nil, let node = key.render(defaults) { shown = "`\(node.flow)`" }
            let secret = key.isSecret ? " Secret: never printed." : ""
            let doc = key.doc.replacing("\n", with: " ").replacing("|", with: "\\|")
            rows.append("| `\(key.name)` | \(key.type) | \(shown ?? "") | \(doc)\(secret) |")
        }
        return rows.joined(separator: "\n") + "\n"
    }
}
