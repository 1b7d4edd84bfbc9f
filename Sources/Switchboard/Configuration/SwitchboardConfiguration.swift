/// A complete, validated Switchboard configuration: plugins, provider instances, routing, agents and budgets.
///
/// Load one with ``ConfigurationLoader``; every field has a default, so `SwitchboardConfiguration()` is
/// a configuration with no providers. ``builtInDefaults`` is what Switchboard uses when no file exists.
/// The nested types mirror the YAML sections one to one (see `docs/configuration.md`).
public struct SwitchboardConfiguration: Sendable, Equatable {
    /// Where a configuration came from.
    public enum Source: Sendable, Hashable, CustomStringConvertible {
        /// A YAML file at this path.
        case file(String)
        /// YAML text that was not read from a file (the string names it, such as `<template>`).
        case text(String)
        /// The built-in defaults: no configuration file was found.
        case builtIn

        /// The path, `<name>`, or `built-in defaults`.
        public var description: String {
            switch self {
            case .file(let path): return path
            case .text(let name): return name
            case .builtIn: return "built-in defaults"
            }
        }

        /// The file path, when the configuration came from a file.
        public var path: String? {
            if case .file(let path) = self { return path }
            return nil
        }
    }

    /// The configuration format version. Only `1` exists.
    public var version: Int
    /// Which plugins to load, and where to look for them.
    public var plugins: Plugins
    /// The provider instances, in file order.
    public var providers: [Provider]
    /// How requests are routed among providers.
    public var routing: Routing
    /// Named roles, in file order.
    public var agents: [Agent]
    /// Spending limits, in file order.
    public var budgets: [Budget]
    /// Metering: the usage ledger and the response cache.
    public var usage: UsageTracking
    /// The HTTP gateway `switchboard serve` runs.
    public var gateway: Gateway = Gateway()
    /// Where this configuration came from.
    public var source: Source
    /// The profile that was applied, if any.
    public var activeProfile: String?
    /// The names of the profiles the file defines.
    public var availableProfiles: [String]
    /// The directories to search for plugins, in order: `plugins.directories`, then (when
    /// `include_default_directories` is on) `plugins` next to the file, `~/.switchboard/plugins`
    /// and each entry of `$SWITCHBOARD_PLUGIN_PATH`. Filled in by ``ConfigurationLoader``.
    public var pluginSearchPaths: [String]
    /// Key paths whose values are secret and must never be printed or logged, such as
    /// `providers.openai.settings.api_key`. The effective-config rendering masks them.
    public var secretKeyPaths: Set<String>
    /// Where selected keys were written (key path → 1-based line and column), for later diagnostics.
    package var locations: [String: YAMLNode.Mark]

    /// Creates a configuration; every argument has a default.
    /// - Parameters:
    ///   - version: The format version (1).
    ///   - plugins: Plugin loading settings.
    ///   - providers: The provider instances.
    ///   - routing: Routing settings.
    ///   - agents: Named roles.
    ///   - budgets: Spending limits.
    ///   - source: Where the configuration came from.
    public init(
        version: Int = 1,
        plugins: Plugins = Plugins(),
        providers: [Provider] = [],
        routing: Routing = Routing(),
        agents: [Agent] = [],
        budgets: [Budget] = [],
        source: Source = .builtIn
    ) {
        self.version = version
        self.plugins = plugins
        self.providers = providers
        self.routing = routing
        self.agents = agents
        self.budgets = budgets
        self.usage = UsageTracking()
        self.source = source
        self.activeProfile = nil
        self.availableProfiles = []
        self.pluginSearchPaths = []
        self.secretKeyPaths = []
        self.locations = [:]
    }

    /// The provider named `name`, if any.
    public func provider(named name: String) -> Provider? {
        providers.first { $0.name == name }
    }

    /// The agent named `name`, if any.
    public func agent(named name: String) -> Agent? {
        agents.first { $0.name == name }
    }

    /// Whether the value at `keyPath` is secret: listed in ``secretKeyPaths``, under a listed path, or
    /// under `settings` with a secret-looking key (`api_key`, or containing `token`, `secret` or `password`).
    public func isSecret(keyPath: String) -> Bool {
        if secretKeyPaths.contains(keyPath) { return true }
        return secretKeyPaths.contains { keyPath.hasPrefix($0 + ".") || keyPath.hasPrefix($0 + "[") }
    }

    /// Whether a settings key names a secret: `api_key`/`apikey`, or contains `secret`, `password`,
    /// or `token` (but not `tokens`, which are counts such as `max_tokens`).
    public static func isSecretKey(_ key: String) -> Bool {
        let lowered = key.lowercased()
        if lowered == "api_key" || lowered == "apikey" || lowered == "api-key" { return true }
        if lowered.contains("secret") || lowered.contains("password") { return true }
        return lowered.contains("token") && !lowered.contains("tokens")
    }
}
