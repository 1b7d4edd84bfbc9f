import Foundation
public import SwitchboardKit

/// The host an embedding tool creates: it loads the plugins its configuration enables, creates the provider
/// instances it names, and keeps them in a registry next to providers registered in-process.
///
/// ```swift
/// let host = SwitchboardHost(configuration: try ConfigurationLoader().load())
/// let provider = try host.provider(named: "ollama")
/// for try await event in provider.stream(request) { … }
/// ```
/// Nothing here throws for a broken plugin or provider: each problem is recorded (``scan``, ``instanceFailures``,
/// ``configurationProblems``) and the host goes on with the rest.
public final class SwitchboardHost: Sendable {
    /// The configuration in force.
    public let configuration: SwitchboardConfiguration
    /// What loading the plugins found.
    public let scan: PluginLoader.Scan
    /// The provider instances, by name.
    public let registry = ProviderRegistry()
    /// Every model of every provider: the catalogs (plugin manifests with configuration overrides) from the start,
    /// live discovery after ``ModelRegistry/refresh(timeout:)``.
    public let models: ModelRegistry
    /// Ranks the registry's models for requirements, with the configuration's planner rules, agents and routing
    /// defaults.
    public let router: Router
    /// Retries, circuit breakers, rate limits and timeouts, shared by every request of this host (``executor``).
    public let reliability: Reliability
    /// The background health checks (`routing.health_checks`); call ``HealthMonitor/start()`` to run them and
    /// ``HealthMonitor/stop()`` before the host goes away.
    public let healthMonitor: HealthMonitor
    /// Provider instances that could not be created, by name, with the reason.
    ///
    /// Instances are created on first use, so that a command that sends no request loads no plugin file; reading
    /// this property creates every instance not created yet (loading their plugins) and reports those that failed.
    public var instanceFailures: [String: ProviderError] {
        var failures = missingPlugins
        for provider in deferred {
            if case .failure(let error) = provider.instance { failures[provider.name] = error }
        }
        return failures
    }
    /// Enabled instances whose plugin is not loaded.
    private let missingPlugins: [String: ProviderError]
    /// Every configured instance, created on first use.
    private let deferred: [DeferredProvider]
    /// What validating the configuration against the installed plugins found (e.g. a provider naming a plugin that
    /// is not installed), or nil.
    public let configurationProblems: ConfigurationError?
    /// Prices, records and budgets every request the host's ``executor`` makes (the `usage` and `budgets`
    /// configuration). Created, and its ledger opened, on first use: a host that makes no request touches no file.
    public var meter: UsageMeter { metering().meter }
    /// Why the configured usage ledger could not be opened, or nil. The meter then records in memory, so budgets
    /// still hold within this process.
    public var usageProblem: UsageLedgerError? { metering().problem }
    private let metered = Locked<(meter: UsageMeter, problem: UsageLedgerError?)?>(nil)

    /// Loads plugins and creates the enabled provider instances of `configuration`.
    /// - Parameters:
    ///   - configuration: the host configuration; by default the built-in one.
    ///   - loader: overrides the loader configuration derived from `configuration`.
    ///   - telemetry: where spans and GenAI client metrics go, and whether spans carry prompts and answers.
    public init(
        configuration: SwitchboardConfiguration = .builtInDefaults,
        loader: PluginLoader.Configuration? = nil,
        telemetry: HostTelemetry = HostTelemetry()
    ) {
        self.configuration = configuration
        models = ModelRegistry(providers: registry)
        router = Router(registry: models, configuration: configuration)
        reliability = Reliability(configuration: configuration, models: models, telemetry: telemetry)
        healthMonitor = HealthMonitor(
            providers: registry,
            breakers: reliability.breakers,
            interval: .milliseconds(configuration.routing.healthChecks.intervalMs),
            timeout: .milliseconds(configuration.routing.healthChecks.timeoutMs)
        )
        let transport = AsyncHTTPClientTransport.shared(
            connectTimeout: .milliseconds(configuration.routing.timeouts.connectMs))
        let loaderConfiguration = loader ?? PluginLoader.Configuration(configuration, transport: transport)
        scan = PluginLoader(configuration: loaderConfiguration).scan()
        let installed = Set(scan.loaded.map(\.id))
        do {
            try configuration.validate(installedPlugins: installed)
            configurationProblems = nil
        } catch let error as ConfigurationError {
            configurationProblems = error
        } catch {
            configurationProblems = ConfigurationError(code: .plugin, message: "\(error)")
        }
        var failures: [String: ProviderError] = [:]
        var deferred: [DeferredProvider] = []
        for entry in configuration.providers where entry.enabled {
            guard let plugin = scan.loaded.first(where: { $0.id == entry.plugin }) else {
                failures[entry.name] = ProviderError(
                    .notFound,
                    "provider \"\(entry.name)\" needs plugin \"\(entry.plugin)\", which is not loaded; installed: \(installed.isEmpty ? "none" : installed.sorted().joined(separator: ", "))",
                    provider: entry.name
                )
                continue
            }
            let base = DeferredProvider(name: entry.name) {
                try Self.makeProvider(entry, plugin: plugin, loader: loaderConfiguration)
            }
            deferred.append(base)
            // A local server (LM Studio, vLLM, Ollama) offers only what it reports, never the plugin's catalog.
            let serverReported = NetworkLocality.isLocalServer(
                entry, baseURL: Self.baseURL(of: entry, plugin: plugin))
            let provider = ConfiguredProvider(
                base: base, configuration: entry, catalog: plugin.manifest.models, serverReported: serverReported,
                priceFiles: configuration.pricing)
            registry.register(provider)
            models.register(
                provider.initialModels, provider: entry.name, priority: entry.priority,
                source: serverReported ? .serverReported : .catalog)
        }
        missingPlugins = failures
        self.deferred = deferred
        let (breakers, healthMonitor) = (reliability.breakers, healthMonitor)
        models.connect(
            AvailabilitySignals(
                circuit: { breakers.state(of: $0) },
                rateLimitedUntil: { breakers.heldUntil($0) },
                health: { healthMonitor.latest[$0] }
            ))
    }

    /// The base URL an instance talks to: its `base_url` setting, else its plugin's default for it; nil when it has
    /// neither (the instance talks to no server).
    static func baseURL(of entry: SwitchboardConfiguration.Provider, plugin: LoadedPlugin) -> String? {
        if case .string(let url)? = entry.settings["base_url"] { return url }
        if case .string(let url)? = plugin.manifest.settings.first(where: { $0.name == "base_url" })?.defaultValue {
            return url
        }
        return nil
    }

    private func metering() -> (meter: UsageMeter, problem: UsageLedgerError?) {
        metered.withLock { metered in
            if let metered { return metered }
            let made = Self.makeMeter(configuration, models: models, plugins: scan.loaded)
            metered = made
            return made
        }
    }

    private static func makeMeter(
        _ configuration: SwitchboardConfiguration, models: ModelRegistry, plugins: [LoadedPlugin]
    ) -> (meter: UsageMeter, problem: UsageLedgerError?) {
        let prices = PriceBook(
            catalog: { provider, model in
                models.entries.first { $0.provider == provider && $0.model.id == model }?.model
            },
            configuration: configuration,
            pluginVersions: Dictionary(
                plugins.map { ($0.id, $0.manifest.version) }, uniquingKeysWith: { first, _ in first })
        )
        do {
            return (try UsageMeter(configuration: configuration, prices: prices), nil)
        } catch {
            var inMemory = configuration
            inMemory.usage.ledger = .memory
            let problem =
                error as? UsageLedgerError
                ?? UsageLedgerError(location: configuration.usage.ledger.description, message: "\(error)")
            return ((try? UsageMeter(configuration: inMemory, prices: prices)) ?? UsageMeter(prices: prices), problem)
        }
    }

    /// The provider named `name`.
    /// - Throws: the reason the instance could not be created, or `not_found` naming the providers there are.
    public func provider(named name: String) throws -> any Provider {
        if let provider = registry.provider(named: name) { return provider }
        if let failure = instanceFailures[name] { throw failure }
        if let entry = configuration.provider(named: name), !entry.enabled {
            throw ProviderError(.notFound, "provider \"\(name)\" is disabled in the configuration", provider: name)
        }
        let known = registry.names
        throw ProviderError(
            .notFound,
            "no provider named \"\(name)\"; known providers: \(known.isEmpty ? "none" : known.joined(separator: ", "))"
        )
    }
}
