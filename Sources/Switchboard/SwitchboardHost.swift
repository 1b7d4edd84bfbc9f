public import SwitchboardKit

/// The host an embedding tool creates: it loads plugins, creates provider instances and keeps them in a registry.
///
/// ```swift
/// let host = SwitchboardHost()
/// let provider = try host.provider(named: "ollama")
/// for try await event in provider.stream(request) { … }
/// ```
public final class SwitchboardHost: Sendable {
    /// What loading the plugins found.
    public let scan: PluginLoader.Scan
    /// The provider instances, by name.
    public let registry = ProviderRegistry()

    /// Loads the plugins `loader` finds, and creates one instance per plugin, named after the plugin's id, with
    /// default settings (the built-in setup when no configuration names instances).
    ///
    /// - Parameter instances: instance name → (plugin id, settings); when nil, one default instance per plugin.
    public init(
        loader: PluginLoader = PluginLoader(),
        instances: [String: (plugin: String, settings: JSONValue)]? = nil
    ) {
        scan = loader.scan()
        var failures: [String: ProviderError] = [:]
        let plan = instances ?? Dictionary(uniqueKeysWithValues: scan.loaded.map { ($0.id, ($0.id, JSONValue.object([:]))) })
        for (name, instance) in plan {
            guard let plugin = scan.loaded.first(where: { $0.id == instance.plugin }) else {
                failures[name] = ProviderError(
                    .notFound,
                    "provider \"\(name)\" needs plugin \"\(instance.plugin)\", which is not loaded",
                    provider: name
                )
                continue
            }
            do {
                registry.register(try plugin.makeProvider(name: name, settings: instance.settings))
            } catch {
                failures[name] = ProviderError(error, provider: name)
            }
        }
        instanceFailures = failures
    }

    /// Provider instances that could not be created, by name, with the reason.
    public let instanceFailures: [String: ProviderError]

    /// The provider named `name`.
    /// - Throws: `not_found` naming the providers there are, or the reason the instance could not be created.
    public func provider(named name: String) throws -> any Provider {
        if let provider = registry.provider(named: name) { return provider }
        if let failure = instanceFailures[name] { throw failure }
        let known = registry.names
        throw ProviderError(
            .notFound,
            "no provider named \"\(name)\"; known providers: \(known.isEmpty ? "none" : known.joined(separator: ", "))"
        )
    }
}
