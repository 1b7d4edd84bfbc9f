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
    /// Checks between keys, after every key is read (`max_backoff_ms` below `initial_backoff_ms`); problems go to the
    /// reader of the section (or of one of its keys, `reader.child(name)`).
    let check: (@Sendable (inout Section, ConfigurationReader) -> Void)?

    /// Declares a section.
    /// - Parameters:
    ///   - path: Where the section sits, as the docs name it.
    ///   - what: What it holds, for type errors.
    ///   - doc: Its doc, the comment above it in the template.
    ///   - defaults: Its value when nothing is written.
    ///   - keys: Its keys.
    ///   - check: Checks between keys, after they are read.
    package init(
        _ path: String, what: String, doc: [String], defaults: Section, keys: [ConfigurationKey<Section>],
        check: (@Sendable (inout Section, ConfigurationReader) -> Void)? = nil
    ) {
        self.path = path
        self.what = what
        self.doc = doc
        self.defaults = defaults
        self.keys = keys
        self.check = check
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
    /// with its value in `value` (the defaults unless given; commented out when it has none), then its example lines.
    package func template(indent: Int, value: Section? = nil) -> [String] {
        templateBlocks(indent: indent, value: value).flatMap { $0 }
    }

    /// ``template(indent:value:)``'s lines, one block per key.
    package func templateBlocks(indent: Int, value: Section? = nil) -> [[String]] {
        let value = value ?? defaults
        let pad = String(repeating: " ", count: indent)
        return keys.map { key in
            let choices = key.choices.isEmpty ? "" : " One of: " + key.choices.joined(separator: ", ") + "."
            var lines = Self.wrapped(key.doc + choices, width: 116 - indent).map { "\(pad)# \($0)" }
            // Examples of a value sit under its key; a key without a default is itself the commented example.
            var examplePad = pad
            if let body = key.templateBody {
                lines += body(value, indent)
                examplePad += "  "
            } else if let node = key.render(value) {
                var rendered: [String] = []
                RenderNode.map([(key.name, node)]).emit(into: &rendered, indent: indent)
                lines += rendered
                examplePad += "  "
            }
            return lines + key.example.map { "\(examplePad)# \($0)" }
        }
    }

    /// `text`'s lines, each broken at spaces into lines of at most `width` characters (a longer word stays whole).
    static func wrapped(_ text: String, width: Int) -> [String] {
        text.split(separator: "\n").flatMap { paragraph in
            var lines: [String] = []
            var line = ""
            for word in paragraph.split(separator: " ") {
                if !line.isEmpty && line.count + 1 + word.count > width {
                    lines.append(line)
                    line = ""
                }
                line += line.isEmpty ? String(word) : " " + word
            }
            return lines + [line]
        }
    }

    /// The docs' tables of this section and of the declarations its keys hold, by path.
    package func tables() -> [(path: String, table: String)] {
        [(path, markdownTable())] + keys.flatMap { $0.nestedTables() }
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
