internal import Foundation

/// The key tables of `docs/configuration.md` and its copy of the `switchboard init` template, generated from the
/// sections' declarations.
///
/// Each table sits between `<!-- BEGIN keys: PATH -->` and `<!-- END keys: PATH -->` markers, the template between
/// `<!-- BEGIN template -->` and `<!-- END template -->`; a test fails when the docs and the declarations differ, and
/// `switchboard config docs --write docs/configuration.md` regenerates them.
package enum ConfigurationReference {
    /// The tables of the host's declared sections, then of `sections`, by path (`usage`, `gateway.keys[]`).
    /// A declaration reached twice (a model's `pricing`, under `models` and `extra_models`) has one table.
    package static func tables(sections: [ConfigurationSection]) -> [(path: String, table: String)] {
        var seen: Set<String> = []
        return (hostTables + sections.flatMap(\.markdownTables)).filter { seen.insert($0.path).inserted }
    }

    /// The host's own declared sections' tables.
    static var hostTables: [(path: String, table: String)] {
        SwitchboardConfiguration.schema.tables()
    }

    /// A table with its markers, as the docs hold it.
    package static func marked(_ path: String, _ table: String) -> String {
        "<!-- BEGIN keys: \(path) (generated: switchboard config docs) -->\n\(table)<!-- END keys: \(path) -->"
    }

    /// Every table with its markers, one after another.
    package static func markdown(sections: [ConfigurationSection]) -> String {
        tables(sections: sections).map { marked($0.path, $0.table) }.joined(separator: "\n\n") + "\n"
    }

    /// The template as the docs hold it: a YAML block between its markers.
    package static func markedTemplate(sections: [ConfigurationSection]) -> String {
        "<!-- BEGIN template (generated: switchboard config docs) -->\n```yaml\n"
            + ConfigurationTemplate.yaml(sections: sections) + "```\n<!-- END template -->"
    }

    /// `docs` with each marked table and the marked template replaced by what the declarations give; the paths
    /// (`template` for the template) whose markers are missing.
    package static func updating(_ docs: String, sections: [ConfigurationSection]) -> (text: String, missing: [String])
    {
        var text = docs
        var missing: [String] = []
        let blocks =
            tables(sections: sections).map {
                (path: $0.path, begin: "<!-- BEGIN keys: \($0.path) ", marked: marked($0.path, $0.table))
            }
            + [(path: "template", begin: "<!-- BEGIN template ", marked: markedTemplate(sections: sections))]
        for block in blocks {
            let end = block.path == "template" ? "<!-- END template -->" : "<!-- END keys: \(block.path) -->"
            guard let start = text.range(of: block.begin),
                let finish = text.range(of: end, range: start.upperBound..<text.endIndex)
            else {
                missing.append(block.path)
                continue
            }
            text.replaceSubrange(start.lowerBound..<finish.upperBound, with: block.marked)
        }
        return (text, missing)
    }
}
