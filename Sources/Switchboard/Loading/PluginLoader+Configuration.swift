public import Foundation
public import SwitchboardKit

extension PluginLoader.Configuration {
    /// The loader configuration a host configuration asks for.
    ///
    /// `plugins.directories` must exist (a missing one is reported); the default directories (next to the config
    /// file, `~/.switchboard/plugins`, `$SWITCHBOARD_PLUGIN_PATH`) and the directory of the running executable (the
    /// bundled plugins) are searched when they exist. Plugins that `plugins.enable` / `plugins.disable` rule out are
    /// not opened at all. When this process is the `switchboard` executable, plugin files are read by its scanner
    /// process with `plugins.scan_timeout_ms` and `plugins.cache` (``PluginScanner``); an embedding program reads them
    /// in process unless it sets ``scanner``.
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
            isEnabled: { fileID in
                // File names cannot carry every id's punctuation (`libSwitchboardClaudeCodePlugin.so` is
                // `claude-code`), so ids are compared by their letters and digits.
                let key = Self.comparisonKey(fileID)
                if let enable = plugins.enable, !enable.contains(where: { Self.comparisonKey($0) == key }) {
                    return false
                }
                return !plugins.disable.contains { Self.comparisonKey($0) == key }
            },
            transport: transport,
            secrets: secrets,
            trust: PluginTrustPolicy(allowUntrustedPaths: plugins.allowUntrustedPaths, checksums: plugins.checksums),
            scanner: PluginScanner.ofRunningExecutable.map {
                PluginScanner(
                    executable: $0, timeout: .milliseconds(plugins.scanTimeoutMs),
                    cachePath: plugins.cache.map(PluginScanner.expandingHome))
            }
        )
    }

    /// A plugin id reduced to lowercase letters and digits.
    package static func comparisonKey(_ id: String) -> String {
        String(id.lowercased().filter { $0.isLetter || $0.isNumber })
    }
}
