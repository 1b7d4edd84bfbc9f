/// One key of a configuration section, declared once: its name, type, default, whether it is secret and a one-line
/// doc, with how to read it into the section's value and how to render it back.
///
/// A section's ``ConfigurationSchema`` lists its keys; from them come the unknown-key check (and its "did you mean"),
/// `switchboard config check`'s rendering, the `switchboard init` template and the key tables of
/// `docs/configuration.md`. The default is not written here: it is what the key renders in the section's default
/// value, so it cannot drift from the code.
package struct ConfigurationKey<Section: Sendable>: Sendable {
    /// The YAML key, such as `max_body_bytes`.
    package let name: String
    /// The type as the docs state it, such as `integer ≥ 1` or `list of strings`.
    package let type: String
    /// One line for the docs' table and the template's comment.
    package let doc: String
    /// Whether the value is secret: it is never printed (rendered as the mask) nor logged.
    package let isSecret: Bool
    /// When the key is required: the hint after "missing required key `name`: ".
    package let requirement: String?
    /// What the docs' default column says when the default renders nothing (`no limit`, `all`), or overrides it.
    package let defaultText: String?
    /// Lines shown commented in the template under the key: an example value, or a commented-out key.
    package let example: [String]
    /// The values the key takes, when it takes one of a few (an enumeration's); the template's comment lists them.
    package let choices: [String]
    let read: @Sendable (ConfigurationReader, inout Section) -> Void
    let render: @Sendable (Section) -> RenderNode?
    /// The template lines of the key itself, its value and what it holds, for keys whose value has declared keys of
    /// its own (the default template shows the rendered value).
    let templateBody: (@Sendable (Section, _ indent: Int) -> [String])?
    /// The docs' tables of the declarations the key's value holds (a nested section, a list's entries).
    let nestedTables: @Sendable () -> [(path: String, table: String)]

    /// Declares a key with its own reader and renderer.
    /// - Parameters:
    ///   - name: The YAML key.
    ///   - type: The type as the docs state it.
    ///   - doc: One line for the docs and the template.
    ///   - isSecret: Whether the value is secret.
    ///   - required: The hint that follows "missing required key `name`:" when it is required.
    ///   - defaultText: The docs' default, when rendering the default value does not say it.
    ///   - example: Commented template lines (an example, or the key commented out).
    ///   - choices: The values the key takes, when it takes one of a few.
    ///   - read: Reads a present key into the section (problems go to the reader).
    ///   - render: The key's value as YAML; `nil` leaves the key out.
    ///   - templateBody: The key's template lines (key, value and nested docs), when not its rendered value.
    ///   - nestedTables: The docs' tables of the declarations its value holds.
    package init(
        _ name: String, type: String, doc: String, isSecret: Bool = false, required: String? = nil,
        defaultText: String? = nil, example: [String] = [], choices: [String] = [],
        read: @escaping @Sendable (ConfigurationReader, inout Section) -> Void,
        render: @escaping @Sendable (Section) -> RenderNode?,
        templateBody: (@Sendable (Section, _ indent: Int) -> [String])? = nil,
        nestedTables: @escaping @Sendable () -> [(path: String, table: String)] = { [] }
    ) {
        self.name = name
        self.type = type
        self.doc = doc
        self.isSecret = isSecret
        self.requirement = required
        self.defaultText = defaultText
        self.example = example
        self.choices = choices
        self.read = read
        self.render = render
        self.templateBody = templateBody
        self.nestedTables = nestedTables
    }
}

extension ConfigurationKey {
    /// An integer key, at least `minimum` when given.
    package static func integer(
        _ name: String, _ keyPath: any WritableKeyPath<Section, Int> & Sendable, minimum: Int? = nil, doc: String,
        example: [String] = [], validate: (@Sendable (Int, ConfigurationReader) -> Bool)? = nil
    ) -> Self {
        Self(
            name, type: minimum.map { "integer ≥ \($0)" } ?? "integer", doc: doc, example: example,
            read: { reader, section in
                guard let value = reader.integer(minimum: minimum) else { return }
                if let validate, !validate(value, reader) { return }
                section[keyPath: keyPath] = value
            },
            render: { .scalar(String($0[keyPath: keyPath])) })
    }

    /// An optional integer key (absent: `nil`, which `defaultText` describes), at least `minimum` when given.
    package static func integer(
        _ name: String, _ keyPath: any WritableKeyPath<Section, Int?> & Sendable, minimum: Int? = nil, doc: String,
        defaultText: String, example: [String] = []
    ) -> Self {
        Self(
            name, type: minimum.map { "integer ≥ \($0)" } ?? "integer", doc: doc, defaultText: defaultText,
            example: example,
            read: { reader, section in section[keyPath: keyPath] = reader.integer(minimum: minimum) },
            render: { $0[keyPath: keyPath].map { .scalar(String($0)) } })
    }

    /// A number key; non-negative when `nonNegative` gives the reason.
    package static func number(
        _ name: String, _ keyPath: any WritableKeyPath<Section, Double> & Sendable, nonNegative reason: String? = nil,
        doc: String, example: [String] = []
    ) -> Self {
        Self(
            name, type: reason == nil ? "number" : "number ≥ 0", doc: doc, example: example,
            read: { reader, section in
                if let value = reader.number(nonNegative: reason) { section[keyPath: keyPath] = value }
            },
            render: { .number($0[keyPath: keyPath]) })
    }

    /// A Boolean key.
    package static func boolean(
        _ name: String, _ keyPath: any WritableKeyPath<Section, Bool> & Sendable, doc: String, example: [String] = []
    ) -> Self {
        Self(
            name, type: "boolean", doc: doc, example: example,
            read: { reader, section in if let value = reader.boolean() { section[keyPath: keyPath] = value } },
            render: { .bool($0[keyPath: keyPath]) })
    }

    /// A string key.
    package static func string(
        _ name: String, _ keyPath: any WritableKeyPath<Section, String> & Sendable, doc: String, isSecret: Bool = false,
        required: String? = nil, example: [String] = [],
        validate: (@Sendable (String, ConfigurationReader) -> Bool)? = nil
    ) -> Self {
        Self(
            name, type: "string", doc: doc, isSecret: isSecret, required: required,
            defaultText: required == nil ? nil : "required", example: example,
            read: { reader, section in
                guard let value = reader.string() else { return }
                if let validate, !validate(value, reader) { return }
                section[keyPath: keyPath] = value
            },
            render: { .string($0[keyPath: keyPath]) })
    }

    /// A key holding one of an enumeration's values.
    package static func enumeration<E: RawRepresentable & CaseIterable & Sendable>(
        _ name: String, _ keyPath: any WritableKeyPath<Section, E> & Sendable, what: String, doc: String,
        example: [String] = []
    ) -> Self where E.RawValue == String {
        Self(
            name, type: E.allCases.map { "`\($0.rawValue)`" }.joined(separator: " \\| "), doc: doc, example: example,
            choices: E.allCases.map(\.rawValue),
            read: { reader, section in
                if let value = reader.enumeration(E.self, what: what) { section[keyPath: keyPath] = value }
            },
            render: { .string($0[keyPath: keyPath].rawValue) })
    }

    /// An optional list of strings (absent: `nil`, which `defaultText` describes).
    package static func strings(
        _ name: String, _ keyPath: any WritableKeyPath<Section, [String]?> & Sendable, what: String, doc: String,
        defaultText: String, example: [String] = []
    ) -> Self {
        Self(
            name, type: "list of strings", doc: doc, defaultText: defaultText, example: example,
            read: { reader, section in section[keyPath: keyPath] = reader.strings(what: what) },
            render: { $0[keyPath: keyPath].map { .list($0.map { .string($0) }) } })
    }

    /// A list of strings.
    package static func strings(
        _ name: String, _ keyPath: any WritableKeyPath<Section, [String]> & Sendable, what: String, doc: String,
        example: [String] = []
    ) -> Self {
        Self(
            name, type: "list of strings", doc: doc, example: example,
            read: { reader, section in section[keyPath: keyPath] = reader.strings(what: what) },
            render: { .list($0[keyPath: keyPath].map { .string($0) }) })
    }

    /// A nested section (a mapping with its own declared keys); the template shows its keys with their docs.
    package static func section<Nested>(
        _ name: String, _ keyPath: any WritableKeyPath<Section, Nested> & Sendable,
        _ schema: ConfigurationSchema<Nested>,
        doc: String
    ) -> Self {
        Self(
            name, type: "mapping", doc: doc, defaultText: "",
            read: { reader, section in if let value = reader.read(schema) { section[keyPath: keyPath] = value } },
            render: { schema.render($0[keyPath: keyPath]) },
            templateBody: { section, indent in
                [String(repeating: " ", count: indent) + "\(name):"]
                    + schema.template(indent: indent + 2, value: section[keyPath: keyPath])
            },
            nestedTables: { schema.tables() })
    }

    /// An optional string key (absent: `nil`, which `defaultText` describes).
    package static func string(
        _ name: String, _ keyPath: any WritableKeyPath<Section, String?> & Sendable, doc: String,
        defaultText: String, example: [String] = []
    ) -> Self {
        Self(
            name, type: "string", doc: doc, defaultText: defaultText, example: example,
            read: { reader, section in section[keyPath: keyPath] = reader.string() },
            render: { $0[keyPath: keyPath].map { .string($0) } })
    }

    /// An optional number key (absent: `nil`); non-negative when `nonNegative` gives the reason.
    package static func number(
        _ name: String, _ keyPath: any WritableKeyPath<Section, Double?> & Sendable, nonNegative reason: String? = nil,
        doc: String, defaultText: String, example: [String] = []
    ) -> Self {
        Self(
            name, type: reason == nil ? "number" : "number ≥ 0", doc: doc, defaultText: defaultText, example: example,
            read: { reader, section in section[keyPath: keyPath] = reader.number(nonNegative: reason) },
            render: { $0[keyPath: keyPath].map { .number($0) } })
    }

    /// An optional key holding one of an enumeration's values (absent: `nil`).
    package static func enumeration<E: RawRepresentable & CaseIterable & Sendable>(
        _ name: String, _ keyPath: any WritableKeyPath<Section, E?> & Sendable, what: String, doc: String,
        defaultText: String
    ) -> Self where E.RawValue == String {
        Self(
            name, type: E.allCases.map { "`\($0.rawValue)`" }.joined(separator: " \\| "), doc: doc,
            defaultText: defaultText, choices: E.allCases.map(\.rawValue),
            read: { reader, section in section[keyPath: keyPath] = reader.enumeration(E.self, what: what) },
            render: { $0[keyPath: keyPath].map { .string($0.rawValue) } })
    }

    /// A list of an enumeration's values.
    package static func enumerations<E: RawRepresentable & CaseIterable & Sendable>(
        _ name: String, _ keyPath: any WritableKeyPath<Section, [E]> & Sendable, what: String, doc: String
    ) -> Self where E.RawValue == String {
        Self(
            name, type: "list of " + E.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", "), doc: doc,
            choices: E.allCases.map(\.rawValue),
            read: { reader, section in section[keyPath: keyPath] = reader.enumerations(E.self, what: what) ?? [] },
            render: { .list($0[keyPath: keyPath].map { .string($0.rawValue) }) })
    }

    /// An optional list of an enumeration's values (absent: `nil`, which `defaultText` describes).
    package static func enumerations<E: RawRepresentable & CaseIterable & Sendable>(
        _ name: String, _ keyPath: any WritableKeyPath<Section, [E]?> & Sendable, what: String, doc: String,
        defaultText: String
    ) -> Self where E.RawValue == String {
        Self(
            name, type: "list of " + E.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", "), doc: doc,
            defaultText: defaultText, choices: E.allCases.map(\.rawValue),
            read: { reader, section in section[keyPath: keyPath] = reader.enumerations(E.self, what: what) },
            render: { $0[keyPath: keyPath].map { .list($0.map { .string($0.rawValue) }) } })
    }

    /// A list whose entries are declared sections; `accept` sees each entry read (with its reader) and may drop it.
    package static func list<Entry>(
        _ name: String, _ keyPath: any WritableKeyPath<Section, [Entry]> & Sendable,
        of schema: ConfigurationSchema<Entry>,
        what: String, doc: String, example: [String] = [],
        accept: (@Sendable (Entry, ConfigurationReader) -> Bool)? = nil
    ) -> Self {
        Self(
            name, type: "list of mappings (`\(schema.path)`)", doc: doc, example: example,
            read: { reader, section in
                section[keyPath: keyPath] = reader.elements(what: what).compactMap { element in
                    guard let entry = element.read(schema), accept?(entry, element) ?? true else { return nil }
                    return entry
                }
            },
            render: { .list($0[keyPath: keyPath].map { schema.render($0) }) },
            nestedTables: { schema.tables() })
    }

    /// A mapping from names to declared sections (instances, roles), in file order; `name` is where an entry keeps
    /// its name. A name must be usable as `what` says (`check`); the template shows the first entry's keys with their
    /// docs.
    package static func entries<Entry>(
        _ name: String, _ keyPath: any WritableKeyPath<Section, [Entry]> & Sendable,
        of schema: ConfigurationSchema<Entry>,
        named entryName: any WritableKeyPath<Entry, String> & Sendable, what: String, doc: String,
        example: [String] = [], accept: (@Sendable (inout Entry, ConfigurationReader) -> Bool)? = nil
    ) -> Self {
        Self(
            name, type: "mapping of names to mappings (`\(schema.path)`)", doc: doc, example: example,
            read: { reader, section in
                var entries: [Entry] = []
                for (entryKey, entryReader) in reader.namedEntries(what: what) ?? [] {
                    var entry = entryReader.read(schema) ?? schema.defaults
                    entry[keyPath: entryName] = entryKey
                    if accept?(&entry, entryReader) ?? true { entries.append(entry) }
                }
                section[keyPath: keyPath] = entries
            },
            render: { .map($0[keyPath: keyPath].map { ($0[keyPath: entryName], schema.render($0)) }) },
            templateBody: { section, indent in
                let pad = String(repeating: " ", count: indent)
                let entries = section[keyPath: keyPath]
                guard !entries.isEmpty else { return ["\(pad)\(name): {}"] }
                var lines = ["\(pad)\(name):"]
                for (index, entry) in entries.enumerated() {
                    lines.append("\(pad)  \(RenderNode.quoted(entry[keyPath: entryName])):")
                    if index == 0 {
                        lines += schema.template(indent: indent + 4, value: entry)
                    } else {
                        var rendered: [String] = []
                        schema.render(entry).emit(into: &rendered, indent: indent + 4)
                        lines += rendered
                    }
                }
                return lines
            },
            nestedTables: { schema.tables() })
    }
}
