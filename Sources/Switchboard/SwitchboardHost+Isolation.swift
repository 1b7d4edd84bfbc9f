public import SwitchboardKit

extension SwitchboardHost {
    /// The provider for one configured instance: loaded into this process, or served by a child process when the
    /// instance asks for `isolation: process` (with the loader's transport and secrets forwarded to the child).
    static func makeProvider(
        _ entry: SwitchboardConfiguration.Provider, plugin: LoadedPlugin, loader: PluginLoader.Configuration
    ) throws -> any Provider {
        switch entry.isolation {
        case .inProcess:
            return try plugin.makeProvider(name: entry.name, settings: entry.settings)
        case .process:
            return ProcessPluginProvider(
                name: entry.name,
                pluginPath: plugin.path,
                settings: entry.settings,
                options: .init(
                    executable: ProcessPluginProvider.defaultExecutable, transport: loader.transport,
                    secrets: loader.secrets)
            )
        }
    }
}
