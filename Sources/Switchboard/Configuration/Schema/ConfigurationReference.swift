internal import Foundation

/// The key tables of `docs/configuration.md`, generated from the sections' declarations.
///
/// Each table sits between `<!-- BEGIN keys: PATH -->` and `<!-- END keys: PATH -->` markers; a test fails when
/// the docs and the declarations differ, and `switchboard config docs --write docs/configuration.md` regenerates them.
package enum ConfigurationReference {
    /// The tables of the host's declared sections, then of `sections`, by path (`usage`, `gateway.keys[]`).
    package static func tables(sections: [ConfigurationSection]) -> [(path: String, table: String)] {
        hostTables + sections.flatMap(\.markdownTables)
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

    /// `docs` with each marked table replaced by the one the declarations give; the paths whose markers are missing.
    package static func updating(_ docs: String, sections: [ConfigurationSection]) -> (text: String, missing: [String])
    {
        var text = docs
        var missing: [String] = []
        for (path, table) in tables(sections: sections) {
            let begin = "<!-- BEGIN keys: \(path) "
            let end = "<!-- END keys: \(path) -->"
            guard let start = text.range(of: begin),
                let finish = text.range(of: end, range: start.upperBound..<text.endIndex)
            else {
                missing.append(path)
                continue
            }
            text.replaceSubrange(start.lowerBound..<finish.upperBound, with: marked(path, table))
        }
        return (text, missing)
    }
}
