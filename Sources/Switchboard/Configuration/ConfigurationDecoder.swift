internal import SwitchboardKit

/// Decodes a ``YAMLNode`` tree into a ``SwitchboardConfiguration``, strictly: every problem it can find
/// is recorded in ``errors`` (with file, line, column and key path) and decoding goes on with defaults.
final class ConfigurationDecoder {
    /// A mapping's entries by key, after the unknown-key check. Null values read as absent.
    struct Fields {
        var values: [String: YAMLNode] = [:]
        var keyMarks: [String: YAMLNode.Mark] = [:]
        var order: [String] = []
        var mark: YAMLNode.Mark

        subscript(key: String) -> YAMLNode? {
            guard let value = values[key], !value.isNull else { return nil }
            return value
        }
    }

    let file: String?
    let expander: VariableExpander
    let configurationDirectory: String?
    let homeDirectory: String
    var errors: [ConfigurationError] = []
    var secretKeyPaths: Set<String> = []
    var variableSources: [String: [String]] = [:]
    var locations: [String: YAMLNode.Mark] = [:]
    /// The provider instance names, once `providers` is read (sections read after it validate references).
    var providerNames: [String] = []
    /// The sections other modules registered, read after the host's own.
    var sections: [ConfigurationSection] = []

    init(file: String?, environment: [String: String], configurationDirectory: String?, homeDirectory: String) {
        self.file = file
        self.expander = VariableExpander(environment: environment)
        self.configurationDirectory = configurationDirectory
        self.homeDirectory = homeDirectory
    }

    static func child(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
    static func element(_ path: String, _ index: Int) -> String { "\(path)[\(index)]" }

    func fail(
        _ code: ConfigurationError.Code, _ message: String, at mark: YAMLNode.Mark?, _ path: String
    ) {
        errors.append(ConfigurationError(code, message, file: file, mark: mark, keyPath: path.isEmpty ? nil : path))
    }

    // MARK: - Root

    static let hostRootKeys = ["version", "plugins", "providers", "routing", "agents", "budgets", "usage"]

    /// The valid top-level keys: the host's, the registered sections', then `profiles`.
    var rootKeys: [String] { Self.hostRootKeys + sections.map(\.name) + ["profiles"] }

    func decode(_ root: YAMLNode) -> SwitchboardConfiguration {
        var configuration = SwitchboardConfiguration()
        guard let fields = fields(root, "", allowed: rootKeys, what: "top-level settings") else {
            return configuration
        }
        if let node = fields["version"], let version = integer(node, "version") {
            if version != 1 {
                fail(
                    .invalidValue,
                    "unsupported configuration version \(version); this Switchboard reads version 1, so write `version: 1`",
                    at: node.mark, "version")
            }
            configuration.version = version
        }
        if let node = fields["plugins"] { configuration.plugins = decodePlugins(node, "plugins") }
        if let node = fields["providers"] { configuration.providers = decodeProviders(node, "providers") }
        providerNames = configuration.providers.map(\.name)
        if let node = fields["routing"] {
            configuration.routing = decodeRouting(node, "routing", providers: providerNames)
        }
        if let node = fields["agents"] { configuration.agents = decodeAgents(node, "agents", providers: providerNames) }
        if let node = fields["budgets"] {
            configuration.budgets = decodeBudgets(node, "budgets", providers: providerNames)
        }
        if let node = fields["usage"] {
            configuration.usage = decodeUsage(node, "usage", budgets: configuration.budgets)
        }
        for section in sections {
            let value = fields[section.name].flatMap {
                section.read(ConfigurationReader(decoder: self, node: $0, path: section.name))
            }
            configuration.sections.entries.append((section.name, value ?? section.defaultValue))
        }
        configuration.secretKeyPaths = secretKeyPaths
        configuration.variableSources = variableSources
        configuration.locations = locations
        return configuration
    }

    // MARK: - Plugins

    func decodePlugins(_ node: YAMLNode, _ path: String) -> SwitchboardConfiguration.Plugins {
        var plugins = SwitchboardConfiguration.Plugins()
        let keys =
            ["directories", "include_default_directories", "enable", "disable", "allow_compiler_mismatch"]
            + Self.pluginSecurityKeys
        guard let fields = fields(node, path, allowed: keys, what: "plugin settings") else { return plugins }
        if let node = fields["directories"] {
            let base = configurationDirectory ?? "."
            plugins.directories = strings(node, Self.child(path, "directories"), what: "directory paths").map {
                directory in
                if directory == "~" { return homeDirectory }
                if directory.hasPrefix("~/") {
                    return ConfigurationLoader.join(homeDirectory, String(directory.dropFirst(2)))
                }
                return ConfigurationLoader.join(base, directory)
            }
        }
        if let node = fields["include_default_directories"],
            let value = boolean(node, Self.child(path, "include_default_directories"))
        {
            plugins.includeDefaultDirectories = value
        }
        if let node = fields["enable"] {
            plugins.enable = strings(node, Self.child(path, "enable"), what: "plugin ids")
            locations[Self.child(path, "enable")] = node.mark
        }
        if let node = fields["disable"] {
            plugins.disable = strings(node, Self.child(path, "disable"), what: "plugin ids")
        }
        if let node = fields["allow_compiler_mismatch"],
            let value = boolean(node, Self.child(path, "allow_compiler_mismatch"))
        {
            plugins.allowCompilerMismatch = value
        }
        decodePluginSecurity(fields, path, into: &plugins)
        return plugins
    }

    // MARK: - Providers

    static let providerKeys = [
        "plugin", "enabled", "priority", "local", "settings", "models", "extra_models", "rate_limits", "isolation",
    ]
    static let modelKeys = ["display_name", "pricing", "context_window", "max_output_tokens", "capabilities", "tier"]

    func decodeProviders(_ node: YAMLNode, _ path: String) -> [SwitchboardConfiguration.Provider] {
        guard let fields = fields(node, path, allowed: nil, what: "provider instances (name: settings)") else {
            return []
        }
        var providers: [SwitchboardConfiguration.Provider] = []
        for name in fields.order {
            let providerPath = Self.child(path, name)
            let keyMark = fields.keyMarks[name]
            locations[providerPath] = keyMark
            if name.isEmpty || name.contains("/") || name.contains(where: \.isWhitespace) {
                fail(
                    .invalidValue,
                    "provider name `\(name)` is not usable: names may not be empty or contain `/` or spaces, "
                        + "because routing writes `provider/model`", at: keyMark, providerPath)
            }
            var provider = SwitchboardConfiguration.Provider(name: name, plugin: "")
            let value = fields.values[name] ?? YAMLNode(.scalar("", .plain), mark: keyMark ?? fields.mark)
            guard
                let entry = self.fields(
                    value, providerPath, allowed: Self.providerKeys, what: "provider settings", nullIsEmpty: true)
            else {
                providers.append(provider)
                continue
            }
            if let node = entry["plugin"], let plugin = string(node, Self.child(providerPath, "plugin")) {
                provider.plugin = plugin
                locations[Self.child(providerPath, "plugin")] = node.mark
            } else if entry["plugin"] == nil {
                fail(
                    .invalidValue,
                    "missing required key `plugin`: name the plugin that serves this provider, such as `plugin: openai` "
                        + "(bundled plugins: \(SwitchboardConfiguration.bundledPluginIDs.joined(separator: ", ")))",
                    at: keyMark, providerPath)
            }
            if let node = entry["enabled"], let value = boolean(node, Self.child(providerPath, "enabled")) {
                provider.enabled = value
            }
            if let node = entry["isolation"] {
                provider.isolation = isolation(node, Self.child(providerPath, "isolation"))
            }
            if let node = entry["priority"], let value = integer(node, Self.child(providerPath, "priority")) {
                provider.priority = value
            }
            if let node = entry["local"], let value = boolean(node, Self.child(providerPath, "local")) {
                provider.local = value
            }
            if let node = entry["settings"] {
                let settingsPath = Self.child(providerPath, "settings")
                if node.pairs == nil {
                    fail(
                        .type, "expected a mapping of plugin settings (such as `base_url: …`), found \(found(node))",
                        at: node.mark, settingsPath)
                } else {
                    provider.settings = json(node, settingsPath)
                }
            }
            if let node = entry["models"] {
                let modelsPath = Self.child(providerPath, "models")
                if let models = self.fields(
                    node, modelsPath, allowed: nil, what: "model overrides (model id: settings)")
                {
                    for id in models.order {
                        let value = models.values[id] ?? YAMLNode(.scalar("", .plain), mark: models.mark)
                        provider.models.append(
                            model(value, Self.child(modelsPath, id), id: id, keyMark: models.keyMarks[id]))
                    }
                }
            }
            if let node = entry["extra_models"] {
                let extraPath = Self.child(providerPath, "extra_models")
                for (index, element) in list(node, extraPath, what: "models (each with an `id`)").enumerated() {
                    provider.extraModels.append(
                        model(element, Self.element(extraPath, index), id: nil, keyMark: element.mark))
                }
            }
            if let node = entry["rate_limits"] {
                provider.rateLimits = rateLimits(node, Self.child(providerPath, "rate_limits"))
            }
            providers.append(provider)
        }
        return providers
    }

    func model(_ node: YAMLNode, _ path: String, id: String?, keyMark: YAMLNode.Mark?) -> SwitchboardConfiguration.Model
    {
        var model = SwitchboardConfiguration.Model(id: id ?? "")
        let allowed = id == nil ? ["id"] + Self.modelKeys : Self.modelKeys
        guard let fields = fields(node, path, allowed: allowed, what: "model settings", nullIsEmpty: id != nil) else {
            return model
        }
        if id == nil {
            if let node = fields["id"], let value = string(node, Self.child(path, "id")) {
                model.id = value
            } else if fields["id"] == nil {
                fail(
                    .invalidValue,
                    "missing required key `id`: give the model id the provider expects, such as `id: my-finetune`",
                    at: fields.mark, path)
            }
        }
        if let node = fields["display_name"] { model.displayName = string(node, Self.child(path, "display_name")) }
        if let node = fields["pricing"] { model.pricing = pricing(node, Self.child(path, "pricing")) }
        if let node = fields["context_window"] {
            model.contextWindow = integer(node, Self.child(path, "context_window"), minimum: 1)
        }
        if let node = fields["max_output_tokens"] {
            model.maxOutputTokens = integer(node, Self.child(path, "max_output_tokens"), minimum: 1)
        }
        if let node = fields["capabilities"] {
            model.capabilities = enums(
                node, Self.child(path, "capabilities"), as: SwitchboardConfiguration.Capability.self, what: "capability"
            )
        }
        if let node = fields["tier"] {
            model.tier = enumeration(
                node, Self.child(path, "tier"), as: SwitchboardConfiguration.Tier.self, what: "tier")
        }
        return model
    }

    func pricing(_ node: YAMLNode, _ path: String) -> SwitchboardConfiguration.Pricing? {
        let keys = ["input", "output", "cache_read", "cache_write", "reasoning"]
        guard let fields = fields(node, path, allowed: keys, what: "prices in USD per million tokens") else {
            return nil
        }
        var pricing = SwitchboardConfiguration.Pricing()
        func price(_ key: String) -> Double? {
            guard let node = fields[key] else { return nil }
            return number(node, Self.child(path, key), nonNegative: "prices are USD per million tokens; use 0 for free")
        }
        pricing.input = price("input")
        pricing.output = price("output")
        pricing.cacheRead = price("cache_read")
        pricing.cacheWrite = price("cache_write")
        pricing.reasoning = price("reasoning")
        return pricing
    }

    /// Free-form settings as JSON: plain scalars typed by the YAML 1.2 core schema, except that a plain
    /// scalar containing a `${…}` reference stays a string; quoted scalars are strings.
    func json(_ node: YAMLNode, _ path: String) -> JSONValue {
        switch node.content {
        case .mapping(let pairs):
            var object: [String: JSONValue] = [:]
            for pair in pairs {
                let key = pair.key.scalar ?? ""
                let childPath = Self.child(path, key)
                if SecretPolicy.isSecretName(key) { secretKeyPaths.insert(childPath) }
                object[key] = json(pair.value, childPath)
            }
            return .object(object)
        case .sequence(let elements):
            return .array(elements.enumerated().map { json($0.element, Self.element(path, $0.offset)) })
        case .scalar(_, let style):
            guard let expansion = expanded(node, path) else { return .null }
            if style == .quoted || expansion.hasReference { return .string(expansion.text) }
            return YAMLNode.coreSchemaValue(ofPlain: expansion.text)
        }
    }
}
