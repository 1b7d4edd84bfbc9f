public import SwitchboardKit

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
    /// Price files that override and extend the plugins' catalogs.
    public var pricing: PriceFiles
    /// The values of the sections other modules registered with the loader (the gateway's `gateway`), in
    /// registration order; each module gives its section a typed accessor (`configuration.gateway`).
    package var sections = RegisteredSections()
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
    /// `providers.openai.settings.api_key`: those with a secret name, those read from a secret-looking variable and
    /// the gateway's keys. ``isSecret(keyPath:policy:)`` adds what the ``SecretPolicy`` says of provider settings.
    public var secretKeyPaths: Set<String>
    /// Key path → the variables its value was read from (`${VAR}`), for showing where a hidden value came from.
    package var variableSources: [String: [String]] = [:]
    /// Where selected keys were written (key path → 1-based line and column), for later diagnostics.
    var locations: [String: YAMLNode.Mark]

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
        self.pricing = PriceFiles()
        self.source = source
        self.activeProfile = nil
        self.availableProfiles = []
        self.pluginSearchPaths = []
        self.secretKeyPaths = []
        self.locations = [:]
    }

    /// The routing aliases the registered sections define (the gateway's `gateway.aliases`): model names that run
    /// the router. None without such a section; `auto` then is the router's own choice.
    public var routingAliases: [RoutingAlias] {
        sections.entries.flatMap { $0.value.routingAliases }
    }

    /// The provider named `name`, if any.
    public func provider(named name: String) -> Provider? {
        providers.first { $0.name == name }
    }

    /// The agent named `name`, if any.
    public func agent(named name: String) -> Agent? {
        agents.first { $0.name == name }
    }

    /// Whether the value at `keyPath` is secret: listed in ``secretKeyPaths`` or under a listed path, or a
    /// provider setting that `policy` calls secret (by name, by its plugin's manifest, as a credential header or as
    /// an environment-map value; see ``SecretPolicy``).
    /// - Parameters:
    ///   - keyPath: e.g. `providers.claude.settings.env.ANTHROPIC_API_KEY`.
    ///   - policy: the policy, with the installed plugins' manifests when they are known.
    public func isSecret(keyPath: String, policy: SecretPolicy = SecretPolicy()) -> Bool {
        if secretKeyPaths.contains(keyPath) { return true }
        if secretKeyPaths.contains(where: { keyPath.hasPrefix($0 + ".") || keyPath.hasPrefix($0 + "[") }) {
            return true
        }
        for provider in providers {
            let prefix = "providers.\(provider.name).settings."
            guard keyPath.hasPrefix(prefix) else { continue }
            let keys = keyPath.dropFirst(prefix.count).split(separator: ".").map { key in
                String(key.prefix { $0 != "[" })
            }
            if policy.isSecretSetting(keys, plugin: provider.plugin) { return true }
        }
        return false
    }

    /// Whether a settings key names a secret; see ``SecretPolicy/isSecretName(_:)``.
    public static func isSecretKey(_ key: String) -> Bool {
        SecretPolicy.isSecretName(key)
    }
}
