package import SwitchboardKit

/// A value of the configuration being read, with its key path: what a section's declared keys read.
///
/// Every problem is recorded in the load's error list with file, line, column and key path, and reading goes on
/// (the value read is then `nil`), so one load reports every problem. Readers are cheap values; they share the load.
package struct ConfigurationReader {
    let decoder: ConfigurationDecoder
    let node: YAMLNode
    /// The key path of this value, such as `gateway.keys[0].name`.
    package let path: String

    init(decoder: ConfigurationDecoder, node: YAMLNode, path: String) {
        self.decoder = decoder
        self.node = node
        self.path = path
    }

    /// Where the value starts, as `line L column C` (for messages that point at a second place).
    package var position: String { "line \(node.mark.line) column \(node.mark.column)" }

    /// The provider instance names of this configuration (read before any other section).
    package var providerNames: [String] { decoder.providerNames }

    /// Whether the value is null or empty (`key:`, `key: null`, `key: ~`).
    package var isNull: Bool { node.isNull }

    /// What the value is, as type errors describe it: `a list`, `the string "x"`.
    package var found: String { decoder.found(node) }

    /// Whether the value is a scalar (not a list or mapping).
    package var isScalar: Bool { node.scalar != nil }

    /// Whether the value is a mapping.
    package var isMapping: Bool { node.pairs != nil }

    /// Whether the value is a list.
    package var isList: Bool { node.elements != nil }

    /// A path as written in the configuration, resolved: `~` and `~/…` against the home directory, a relative path
    /// against the configuration file's directory; with `keepingHome`, `~/…` stays as written (resolved where it is
    /// opened, so the rendered configuration reads back the same).
    package func resolvedPath(_ path: String, keepingHome: Bool) -> String {
        if path == "~" && !keepingHome { return decoder.homeDirectory }
        if path.hasPrefix("~/") {
            return keepingHome ? path : ConfigurationLoader.join(decoder.homeDirectory, String(path.dropFirst(2)))
        }
        if path.hasPrefix("/") { return path }
        return ConfigurationLoader.join(decoder.configurationDirectory ?? ".", path)
    }

    /// Records where this value sits, for errors found after decoding (an unknown plugin, an `enable` entry).
    package func recordLocation() {
        decoder.locations[path] = nameMark ?? node.mark
    }

    /// Records the provider instance names, which the sections read after `providers` check references against.
    package func setProviderNames(_ names: [String]) {
        decoder.providerNames = names
    }

    /// Free-form settings as JSON: plain scalars typed by the YAML 1.2 core schema, except that a plain scalar
    /// containing a `${…}` reference stays a string; quoted scalars are strings. Keys named like secrets are secret.
    package func json() -> JSONValue { decoder.json(node, path) }

    /// A list of an enumeration's values; `nil` (after recording an error) when this is not a list.
    package func enumerations<E: RawRepresentable & CaseIterable>(_ type: E.Type, what: String) -> [E]?
    where E.RawValue == String {
        decoder.enums(node, path, as: type, what: what)
    }

    /// A fallback target, `provider` or `provider/model`, whose provider is a defined instance.
    package func target() -> SwitchboardConfiguration.Target? {
        decoder.target(node, path, providers: decoder.providerNames)
    }

    /// The name of a defined provider instance; `nil` after recording an error (with the closest name) otherwise.
    package func providerName() -> String? {
        guard let name = string() else { return nil }
        return decoder.checkProvider(name, node, path, providers: decoder.providerNames) ? name : nil
    }

    /// The reader of `key`'s value when this is a mapping that holds it (not null).
    package func child(_ key: String) -> ConfigurationReader? {
        guard let value = node[key], !value.isNull else { return nil }
        return ConfigurationReader(decoder: decoder, node: value, path: ConfigurationDecoder.child(path, key))
    }

    /// `text` as an error message may show it: URL credentials hidden, cut to 60 characters.
    package static func shown(_ text: String) -> String { ConfigurationDecoder.truncated(text) }

    /// Records an error at this value.
    package func fail(_ code: ConfigurationError.Code, _ message: String) {
        decoder.fail(code, message, at: node.mark, path)
    }

    /// Records an error at this value under another key path (a check between keys names the key to change).
    package func fail(_ code: ConfigurationError.Code, _ message: String, keyPath: String) {
        decoder.fail(code, message, at: node.mark, keyPath)
    }

    /// Records that this value's key path (and everything under it) is secret: never printed or logged.
    package func markSecret() {
        decoder.secretKeyPaths.insert(path)
    }

    /// A string (any non-null scalar, `${VAR}` expanded).
    package func string() -> String? { decoder.string(node, path) }

    /// An integer, at least `minimum` when given.
    package func integer(minimum: Int? = nil) -> Int? { decoder.integer(node, path, minimum: minimum) }

    /// A finite number; non-negative when `nonNegative` gives the reason.
    package func number(nonNegative reason: String? = nil) -> Double? {
        decoder.number(node, path, nonNegative: reason)
    }

    /// `true` or `false`.
    package func boolean() -> Bool? { decoder.boolean(node, path) }

    /// A list of strings; `what` names them in the error when this is not a list.
    package func strings(what: String) -> [String] { decoder.strings(node, path, what: what) }

    /// One of an enumeration's raw values; the error lists the valid ones and suggests the closest.
    package func enumeration<E: RawRepresentable & CaseIterable>(_ type: E.Type, what: String) -> E?
    where E.RawValue == String {
        decoder.enumeration(node, path, as: type, what: what)
    }

    /// The elements of a list, each with its key path (`path[index]`).
    package func elements(what: String) -> [ConfigurationReader] {
        decoder.list(node, path, what: what).enumerated().map {
            ConfigurationReader(decoder: decoder, node: $0.element, path: ConfigurationDecoder.element(path, $0.offset))
        }
    }

    /// The entries of a mapping whose keys are names (instances, aliases), in file order; a name without a value
    /// reads as an empty mapping. `nil` after recording an error when this is not a mapping.
    package func namedEntries(what: String) -> [(name: String, reader: ConfigurationReader)]? {
        guard let fields = decoder.fields(node, path, allowed: nil, what: what) else { return nil }
        return fields.order.map { name in
            let keyMark = fields.keyMarks[name] ?? fields.mark
            let value = fields.values[name] ?? YAMLNode(.scalar("", .plain), mark: keyMark)
            let reader = ConfigurationReader(
                decoder: decoder, node: value, path: ConfigurationDecoder.child(path, name))
            return (name, ConfigurationReader(reader, keyMark: keyMark))
        }
    }

    /// A routing requirement (the keys of a rule's `require`).
    package func requirement() -> SwitchboardConfiguration.Requirement? {
        read(SwitchboardConfiguration.Requirement.schema)
    }

    /// The value of a declared section: the unknown-key check against `schema`'s keys (and `alsoAllowed`, keys that
    /// others read), then each key's reader, then the section's checks between keys.
    package func read<Section>(_ schema: ConfigurationSchema<Section>, alsoAllowed: [String] = []) -> Section? {
        guard
            let fields = decoder.fields(
                node, path, allowed: schema.keyNames + alsoAllowed, what: schema.what)
        else { return nil }
        var value = schema.defaults
        for key in schema.keys {
            let keyPath = ConfigurationDecoder.child(path, key.name)
            if key.isSecret { decoder.secretKeyPaths.insert(keyPath) }
            guard let node = fields[key.name] else {
                if let hint = key.requirement {
                    decoder.fail(
                        .invalidValue, "missing required key `\(key.name)`: \(hint)", at: nameMark ?? fields.mark, path)
                }
                continue
            }
            key.read(ConfigurationReader(decoder: decoder, node: node, path: keyPath), &value)
        }
        schema.check?(&value, self)
        return value
    }

    /// The entries of a list, each read with `schema`; an entry whose `name` (the key `name`) repeats an earlier
    /// entry's is reported at its name with both positions: "`noun` name `x` is used twice: … give each `each` its
    /// own name".
    package func uniquelyNamedElements<Entry>(
        _ schema: ConfigurationSchema<Entry>, what: String, name: KeyPath<Entry, String>, noun: String, each: String
    ) -> [Entry] {
        var seen: [String: String] = [:]
        return elements(what: what).compactMap { element in
            guard let entry = element.read(schema) else { return nil }
            let value = entry[keyPath: name]
            if !value.isEmpty, let reader = element.child("name") {
                if let first = seen[value] {
                    reader.fail(
                        .duplicate,
                        "\(noun) name `\(value)` is used twice: at \(first) and at \(reader.position); "
                            + "give each \(each) its own name")
                }
                seen[value] = reader.position
            }
            return entry
        }
    }

    /// Records an error when `upper`, the value of the key `upperKey`, is below `lower`, the value of `lowerKey`: at
    /// the upper key where it is written, else at the lower one.
    package func checkNotBelow(_ upperKey: String, _ upper: Int, _ lowerKey: String, _ lower: Int) {
        guard upper < lower else { return }
        (child(upperKey) ?? child(lowerKey) ?? self).fail(
            .invalidValue,
            "\(upperKey) (\(upper)) is smaller than \(lowerKey) (\(lower)); raise \(upperKey) or lower \(lowerKey)",
            keyPath: ConfigurationDecoder.child(path, upperKey))
    }

    /// The reader of a named entry: errors about the entry itself point at its name.
    private init(_ reader: ConfigurationReader, keyMark: YAMLNode.Mark) {
        self.decoder = reader.decoder
        self.node = reader.node
        self.path = reader.path
        self.nameMark = keyMark
    }

    private var nameMark: YAMLNode.Mark?

    /// Records an error at this entry's name (for a named entry), else at the value.
    package func failAtName(_ code: ConfigurationError.Code, _ message: String) {
        decoder.fail(code, message, at: nameMark ?? node.mark, path)
    }
}
