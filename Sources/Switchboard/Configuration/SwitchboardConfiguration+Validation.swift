extension SwitchboardConfiguration {
    /// Checks the configuration against the plugins that are actually installed.
    ///
    /// Reports every enabled provider whose plugin is not installed (with a suggestion), every enabled provider
    /// whose plugin `plugins.enable`/`plugins.disable` turns off, and every `plugins.enable` id that is not installed.
    /// - Parameter installedPlugins: The ids of the plugins found in the search paths (and bundled ones).
    /// - Throws: ``ConfigurationError`` (`.plugin`) with file, line and column of the offending key; further problems
    ///   are in ``ConfigurationError/otherErrors``.
    public func validate(installedPlugins: Set<String>) throws {
        var errors: [ConfigurationError] = []
        let file: String? = if case .builtIn = source { nil } else { source.description }
        let installed = installedPlugins.sorted().joined(separator: ", ")
        func error(_ message: String, _ keyPath: String) -> ConfigurationError {
            let mark = locations[keyPath]
            return ConfigurationError(.plugin, message, file: file, mark: mark, keyPath: keyPath)
        }
        for provider in providers where provider.enabled {
            let path = "providers.\(provider.name).plugin"
            if !installedPlugins.contains(provider.plugin) {
                let hint = ConfigurationError.didYouMean(provider.plugin, among: installedPlugins)
                errors.append(
                    error(
                        "provider `\(provider.name)` uses plugin `\(provider.plugin)`, which is not installed.\(hint) "
                            + "Installed plugins: \(installed.isEmpty ? "none" : installed). Fix `plugin`, install the plugin "
                            + "into a plugin directory, or set `enabled: false`",
                        path))
            } else if !plugins.shouldLoad(provider.plugin) {
                errors.append(
                    error(
                        "provider `\(provider.name)` uses plugin `\(provider.plugin)`, which `plugins.enable`/`plugins.disable` "
                            + "turns off; enable the plugin or set `enabled: false` on the provider",
                        path))
            }
        }
        for id in plugins.enable ?? [] where !installedPlugins.contains(id) {
            let hint = ConfigurationError.didYouMean(id, among: installedPlugins)
            errors.append(
                error(
                    "`plugins.enable` lists `\(id)`, which is not installed.\(hint) Installed plugins: \(installed.isEmpty ? "none" : installed)",
                    "plugins.enable"))
        }
        if let first = ConfigurationError.combined(errors) { throw first }
    }
}
