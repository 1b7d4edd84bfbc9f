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
    let read: @Sendable (ConfigurationReader, inout Section) -> Void
    let render: @Sendable (Section) -> RenderNode?

    /// Declares a key with its own reader and renderer.
    /// - Parameters:
    ///   - name: The YAML key.
    ///   - type: The type as the docs state it.
    ///   - doc: One line for the docs and the template.
    ///   - isSecret: Whether the value is secret.
    ///   - required: The hint that follows "missing required key `name`:" when it is required.
    ///   - defaultText: The docs' default, when rendering the default value does not say it.
    ///   - example: Commented template lines (an example, or the key commented out).
    ///   - read: Reads a present key into the section (problems go to the reader).
    ///   - render: The key's value as YAML; `nil` leaves the key out.
    package init(
        _ name: String, type: String, doc: String, isSecret: Bool = false, required: String? = nil,
        defaultText: String? = nil, example: [String] = [],
        read: @escaping @Sendable (ConfigurationReader, inout Section) -> Void,
        render: @escaping @Sendable (Section) -> RenderNode?
    ) {
        self.name = name
        self.type = type
        self.doc = doc
        self.isSecret = isSecret
        self.requirement = required
        self.defaultText = defaultText
        self.example = example
        self.read = read
        self.render = render
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

    /// A nested section (a mapping with its own declared keys).
    package static func section<Nested>(
        _ name: String, _ keyPath: any WritableKeyPath<Section, Nested> & Sendable,
        _ schema: ConfigurationSchema<Nested>,
        doc: String
    ) -> Self {
        Self(
            name, type: "mapping", doc: doc, defaultText: "",
            read: { reader, section in if let value = reader.read(schema) { section[keyPath: keyPath] = value } },
            render: { schema.render($0[keyPath: keyPath]) })
    }
}
