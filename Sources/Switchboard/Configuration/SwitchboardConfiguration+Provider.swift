public import SwitchboardKit

extension SwitchboardConfiguration {
    /// One named provider instance (an entry of `providers`): a plugin plus its settings.
    ///
    /// Several instances may share a plugin, such as `openai` and `lmstudio` both on the `openai` plugin.
    public struct Provider: Sendable, Equatable {
        /// The instance name (the key under `providers`), used in routing as `name/model`.
        public var name: String
        /// The id of the plugin that serves it, such as `openai`, `ollama` or `echo`.
        public var plugin: String
        /// Whether the instance is used. Default: true.
        public var enabled: Bool
        /// Preference among candidates; higher is preferred. Default: 0.
        public var priority: Int
        /// Whether it runs on this machine (no data leaves it). Default: false.
        public var local: Bool
        /// Free-form settings handed to the plugin as a JSON object. Default: `{}`.
        public var settings: JSONValue
        /// Per-model overrides of the plugin's catalog, in file order.
        public var models: [Model]
        /// Models the plugin's catalog lacks, in file order.
        public var extraModels: [Model]
        /// Client-side rate limits. Default: none.
        public var rateLimits: RateLimits
        /// Where the plugin's code runs for this instance. Default: ``Isolation/inProcess``.
        public var isolation: Isolation

        /// Creates a provider instance.
        /// - Parameters:
        ///   - name: The instance name.
        ///   - plugin: The plugin id.
        ///   - enabled: Whether it is used.
        ///   - priority: Preference; higher is preferred.
        ///   - local: Whether it runs on this machine.
        ///   - settings: Settings for the plugin (a JSON object).
        ///   - models: Per-model overrides.
        ///   - extraModels: Models to add to the catalog.
        ///   - rateLimits: Client-side rate limits.
        ///   - isolation: Where the plugin's code runs.
        public init(
            name: String,
            plugin: String,
            enabled: Bool = true,
            priority: Int = 0,
            local: Bool = false,
            settings: JSONValue = .object([:]),
            models: [Model] = [],
            extraModels: [Model] = [],
            rateLimits: RateLimits = RateLimits(),
            isolation: Isolation = .inProcess
        ) {
            self.name = name
            self.plugin = plugin
            self.enabled = enabled
            self.priority = priority
            self.local = local
            self.settings = settings
            self.models = models
            self.extraModels = extraModels
            self.rateLimits = rateLimits
            self.isolation = isolation
        }
    }
}

extension SwitchboardConfiguration.Provider {
    /// A `providers` entry's keys (the instance's name is its key).
    package static let schema = ConfigurationSchema<Self>(
        "providers.NAME", what: "provider settings", doc: [], defaults: Self(name: "", plugin: ""),
        keys: [
            .string(
                "plugin", \.plugin,
                doc: "The plugin that serves this instance (bundled: "
                    + SwitchboardConfiguration.bundledPluginIDs.map { "`\($0)`" }.joined(separator: ", ") + ").",
                required: "name the plugin that serves this provider, such as `plugin: openai` (bundled plugins: "
                    + SwitchboardConfiguration.bundledPluginIDs.joined(separator: ", ") + ")",
                validate: { _, reader in
                    reader.recordLocation()
                    return true
                }),
            .boolean("enabled", \.enabled, doc: "`false` keeps the instance configured but unused."),
            .integer(
                "priority", \.priority, doc: "Preference among candidates; higher is preferred. May be negative."),
            .boolean(
                "local", \.local,
                doc: "The provider runs on this machine; no data leaves it. Its models are free unless `models` prices"
                    + " them, and a local server offers only the models it reports plus those named here"
                    + " (docs/routing.md)."),
            ConfigurationKey(
                "settings", type: "mapping",
                doc: "Free-form settings handed to the plugin as a JSON object. Unquoted values are typed (`true`, `3`,"
                    + " `null`); quoted values and values containing `${…}` stay strings.",
                read: { (reader: ConfigurationReader, provider: inout Self) in
                    guard reader.isMapping else {
                        reader.fail(
                            .type,
                            "expected a mapping of plugin settings (such as `base_url: …`), found \(reader.found)")
                        return
                    }
                    provider.settings = reader.json()
                },
                render: { (provider: Self) -> RenderNode? in RenderNode(json: provider.settings) }),
            .entries(
                "models", \.models, of: SwitchboardConfiguration.Model.overrideSchema, named: \.id,
                what: "model overrides (model id: settings)",
                doc: "Per-model overrides of the plugin's catalog, keyed by model id; every field is optional. A local"
                    + " server offers each model named here.",
                example: [
                    "llama3.1:8b:",
                    "  display_name: Llama 3.1 8B",
                    "  pricing: {input: 0, output: 0, cache_read: 0, cache_write: 0, reasoning: 0}",
                    "  context_window: 131072",
                    "  max_output_tokens: 8192",
                    "  capabilities: [chat, code, tools]",
                    "  tier: standard",
                ]),
            .list(
                "extra_models", \.extraModels, of: SwitchboardConfiguration.Model.extraSchema,
                what: "models (each with an `id`)",
                doc: "Models the catalog lacks: each an `id` and an override's keys.",
                example: ["- id: my-finetune", "  display_name: My fine-tune", "  context_window: 32768"]),
            .section(
                "rate_limits", \.rateLimits, SwitchboardConfiguration.RateLimits.schema,
                doc: "Client-side rate limits; a request over them waits within its deadline or goes elsewhere"
                    + " (docs/reliability.md)."),
            .enumeration(
                "isolation", \.isolation, what: "isolation",
                doc: "`process` runs this instance's plugin in a child process (`switchboard plugin-host`): a crash"
                    + " fails its in-flight requests with `plugin_crashed` instead of ending the host (docs/security.md)."
            ),
        ])

    /// The `providers` key of the top level: instances by name, whose names routing can write as `provider/model`.
    static let instancesKey = ConfigurationKey<SwitchboardConfiguration>.entries(
        "providers", \SwitchboardConfiguration.providers, of: schema, named: \Self.name,
        what: "provider instances (name: settings)",
        doc: "Provider instances, by name. Several instances may use the same plugin.",
        example: [
            "Cloud providers: uncomment one and export its key.",
            "openai:",
            "  plugin: openai",
            "  settings:",
            "    base_url: https://api.openai.com/v1",
            "    api_key: ${OPENAI_API_KEY}",
            "anthropic:",
            "  plugin: anthropic",
            "  settings: {api_key: ${ANTHROPIC_API_KEY}}",
            "gemini:",
            "  plugin: gemini",
            "  settings: {api_key: ${GEMINI_API_KEY}}",
        ],
        accept: { (provider: inout Self, reader: ConfigurationReader) -> Bool in
            reader.recordLocation()
            let name = provider.name
            if name.isEmpty || name.contains("/") || name.contains(where: \.isWhitespace) {
                reader.failAtName(
                    .invalidValue,
                    "provider name `\(name)` is not usable: names may not be empty or contain `/` or spaces, "
                        + "because routing writes `provider/model`")
            }
            return true
        })
}

extension SwitchboardConfiguration.RateLimits {
    /// A provider's `rate_limits` keys.
    package static let schema = ConfigurationSchema<Self>(
        "providers.NAME.rate_limits", what: "rate limits (requests_per_minute, tokens_per_minute)", doc: [],
        defaults: Self(),
        keys: [
            .integer(
                "requests_per_minute", \.requestsPerMinute, minimum: 1, doc: "The most requests per minute.",
                defaultText: "no limit", example: ["requests_per_minute: 60"]),
            .integer(
                "tokens_per_minute", \.tokensPerMinute, minimum: 1,
                doc: "The most tokens (prompt and answer) per minute.",
                defaultText: "no limit", example: ["tokens_per_minute: 100000"]),
        ])
}
