/// A top-level configuration section that a module adds to the loader, such as the gateway's `gateway`.
///
/// The host reads its own sections; a module that embeds the host and has settings of its own registers a section
/// (`ConfigurationLoader(sections: [.gateway])`), and only then is its key accepted: without it, the key is an
/// unknown key like any other, with its "did you mean". The section's declaration (a ``ConfigurationSchema``) gives
/// its reader, its rendering in `switchboard config check`, its part of the `switchboard init` template and its key
/// tables in the docs.
public struct ConfigurationSection: Sendable {
    /// The top-level key, such as `gateway`.
    public let name: String
    let doc: [String]
    let read: @Sendable (ConfigurationReader) -> (any ConfigurationSectionValue)?
    let defaultValue: any ConfigurationSectionValue
    let templateLines: @Sendable () -> [String]
    let tables: @Sendable () -> [(path: String, table: String)]

    /// Registers the section whose value type is `Value`; `tables` adds the docs tables of nested declarations
    /// (entries of its lists and mappings).
    package init<Value: ConfigurationSectionValue>(
        _ type: Value.Type, nested: [(path: String, table: String)] = []
    ) {
        let schema = Value.schema
        self.name = schema.path
        self.doc = schema.doc
        self.read = { reader in reader.read(schema) }
        self.defaultValue = schema.defaults
        self.templateLines = { schema.template(indent: 2) }
        self.tables = { [(schema.path, schema.markdownTable())] + nested }
    }

    /// The section's part of the `switchboard init` template: its doc, its key, and its commented keys.
    package var template: String {
        (doc.map { "# \($0)" } + ["\(name):"] + templateLines()).joined(separator: "\n") + "\n"
    }

    /// The docs' key tables of the section and its nested declarations, by path (`gateway`, `gateway.keys[]`).
    package var markdownTables: [(path: String, table: String)] { tables() }
}

/// The value of a registered ``ConfigurationSection``: a declared, comparable section.
package protocol ConfigurationSectionValue: Sendable, Equatable {
    /// The section's declaration.
    static var schema: ConfigurationSchema<Self> { get }
    /// The routing aliases the section defines (model names that run the router), if any; the host's
    /// ``SwitchboardHost/resolve(_:for:aliases:)`` reads them.
    var routingAliases: [SwitchboardConfiguration.RoutingAlias] { get }
}

extension ConfigurationSectionValue {
    package var routingAliases: [SwitchboardConfiguration.RoutingAlias] { [] }

    func isEqual(to other: any ConfigurationSectionValue) -> Bool {
        (other as? Self) == self
    }

    func rendered() -> RenderNode { Self.schema.render(self) }
}

/// The values of the registered sections of one configuration, in registration order.
package struct RegisteredSections: Sendable, Equatable {
    var entries: [(name: String, value: any ConfigurationSectionValue)] = []

    /// The value of the section whose type is `Value`, when present.
    package subscript<Value: ConfigurationSectionValue>(_ type: Value.Type) -> Value? {
        get { entries.lazy.compactMap { $0.value as? Value }.first }
        set {
            let name = Value.schema.path
            if let index = entries.firstIndex(where: { $0.name == name }) {
                if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append((name, newValue))
            }
        }
    }

    package static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.name == $1.name && $0.value.isEqual(to: $1.value) }
    }
}
