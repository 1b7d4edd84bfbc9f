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
