public import Foundation
public import SwitchboardKit

extension PluginLoader.Configuration {
    /// The loader configuration a host configuration asks for.
    ///
    /// `plugins.directories` must exist (a missing one is reported); the default directories (next to the config
    /// file, `~/.switchboard/plugins`, `$SWITCHBOARD_PLUGIN_PATH`) and the directory of the running executable (the
    /// bundled plugins) are searched when they exist. Plugins that `plugins.enable` / `plugins.disable` rule out are
    /// not opened at all.
    public init(
        _ configuration: SwitchboardConfiguration,
        transport: any HTTPTransport = AsyncHTTPClientTransport.shared,
        secrets: @escaping @Sendable (String) -> String? = { ProcessInfo.processInfo.environment[$0] }
    ) {
        let plugins = configuration.plugins
        let explicit = plugins.directories
        var optional = configuration.pluginSearchPaths.filter { !explicit.contains($0) }
        if plugins.includeDefaultDirectories, let bundled = PluginLoader.bundledPluginDirectory {
            optional.append(bundled)
        }
        self.init(
            directories: explicit,
            optionalDirectories: optional,
            allowCompilerMismatch: plugins.allowCompilerMismatch,
            isEnabled: { plugins.shouldLoad($0) },
            transport: transport,
            secrets: secrets
        )
    }
}
