/// What a plugin offers, readable without creating an instance.
///
/// JSON: `{"id":"openai","name":"OpenAI-compatible","version":"1.0.0","description":"…",
/// "provider_kinds":["openai","azure"],"settings":[{"name":"base_url","type":"string",…}],"models":[…]}`.
public struct PluginManifest: Codable, Sendable, Hashable {
    /// A stable identifier: lowercase letters, digits, `.`, `_` and `-`, starting with a letter or digit.
    public var id: String
    /// A name for people.
    public var name: String
    /// The plugin's own version.
    public var version: String
    /// One line on what the plugin talks to.
    public var description: String
    /// The APIs or servers this plugin speaks (e.g. `openai`, `azure`, `lmstudio`).
    public var providerKinds: [String]
    /// The settings an instance takes.
    public var settings: [SettingDescriptor]
    /// The models the plugin knows without asking the provider.
    public var models: [ModelInfo]

    /// Creates a manifest.
    public init(
        id: String,
        name: String,
        version: String,
        description: String = "",
        providerKinds: [String] = [],
        settings: [SettingDescriptor] = [],
        models: [ModelInfo] = []
    ) {
        self.id = id
        self.name = name
        self.version = version
        self.description = description
        self.providerKinds = providerKinds
        self.settings = settings
        self.models = models
    }

    private enum CodingKeys: String, CodingKey {
        case id, name, version, description, providerKinds = "provider_kinds", settings, models
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? id
        version = try container.decode(String.self, forKey: .version)
        description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        providerKinds = try container.decodeIfPresent([String].self, forKey: .providerKinds) ?? []
        settings = try container.decodeIfPresent([SettingDescriptor].self, forKey: .settings) ?? []
        models = try container.decodeIfPresent([ModelInfo].self, forKey: .models) ?? []
    }

    /// Problems that make the manifest unusable, each naming the field; empty when it is valid.
    package func validationProblems() -> [String] {
        var problems: [String] = []
        if !Self.isValidID(id) {
            problems.append(
                "\"id\" must be lowercase letters, digits, '.', '_' or '-' starting with a letter or digit; found \"\(id)\""
            )
        }
        if version.isEmpty { problems.append("\"version\" must not be empty") }
        var seen: Set<String> = []
        for (index, model) in models.enumerated() {
            let field = "models[\(index)]"
            if model.id.isEmpty { problems.append("\(field).id must not be empty") }
            if !seen.insert(model.id).inserted { problems.append("\(field).id \"\(model.id)\" appears twice") }
            if let window = model.contextWindow, window <= 0 {
                problems.append("\(field).context_window must be positive; found \(window)")
            }
            if let maxOutput = model.maxOutputTokens, maxOutput <= 0 {
                problems.append("\(field).max_output_tokens must be positive; found \(maxOutput)")
            }
            if let pricing = model.pricing { problems += pricing.validationProblems(at: "\(field).pricing") }
        }
        return problems
    }

    static func isValidID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, first.isLowercaseAlphanumeric else { return false }
        return id.unicodeScalars.allSatisfy { $0.isLowercaseAlphanumeric || $0 == "." || $0 == "_" || $0 == "-" }
    }
}

/// One setting a provider instance takes.
///
/// JSON: `{"name":"base_url","type":"string","description":"…","default":"https://…","secret":false,"required":false}`.
public struct SettingDescriptor: Codable, Sendable, Hashable {
    /// The key in the settings object.
    public var name: String
    /// `string`, `integer`, `number`, `boolean`, `object` or `array`.
    public var type: String
    /// What it means.
    public var description: String
    /// The value used when the setting is absent.
    public var defaultValue: JSONValue?
    /// Whether the value is a credential that must never be shown.
    public var secret: Bool
    /// Whether an instance cannot be created without it.
    public var required: Bool

    /// Creates a setting descriptor.
    public init(
        name: String,
        type: String,
        description: String,
        defaultValue: JSONValue? = nil,
        secret: Bool = false,
        required: Bool = false
    ) {
        self.name = name
        self.type = type
        self.description = description
        self.defaultValue = defaultValue
        self.secret = secret
        self.required = required
    }

    private enum CodingKeys: String, CodingKey {
        case name, type, description, defaultValue = "default", secret, required
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        type = try container.decodeIfPresent(String.self, forKey: .type) ?? "string"
        description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        defaultValue = try container.decodeIfPresent(JSONValue.self, forKey: .defaultValue)
        secret = try container.decodeIfPresent(Bool.self, forKey: .secret) ?? false
        required = try container.decodeIfPresent(Bool.self, forKey: .required) ?? false
    }
}

extension SettingDescriptor {
    /// `base_url`, a string defaulting to `defaultURL`: the API root an HTTP provider's paths hang off (read it with
    /// ``ProviderContext/httpURL(_:default:)``).
    public static func baseURL(default defaultURL: String) -> SettingDescriptor {
        SettingDescriptor(
            name: "base_url", type: "string", description: "The API root", defaultValue: .string(defaultURL))
    }

    /// `api_key` (secret) and `api_key_env`, the settings ``ProviderContext/apiKey(fallbackVariables:)`` reads, with
    /// `variable` as the variable holding the key when neither is set.
    public static func apiKey(variable: String) -> [SettingDescriptor] {
        [
            SettingDescriptor(
                name: "api_key",
                type: "string",
                description: "The API key; when absent, the variable api_key_env names, else \(variable)",
                secret: true
            ),
            SettingDescriptor(
                name: "api_key_env",
                type: "string",
                description: "The environment variable or host secret holding the API key"
            ),
        ]
    }
}

extension Unicode.Scalar {
    fileprivate var isLowercaseAlphanumeric: Bool {
        ("a"..."z").contains(self) || ("0"..."9").contains(self)
    }
}
