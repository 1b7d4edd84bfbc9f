import Foundation
import SwitchboardKit

extension SwitchboardConfiguration {
    /// The ids of the plugins that ship with Switchboard.
    public static let bundledPluginIDs = ["echo", "ollama", "openai"]

    /// The configuration used when no file is found, for the process environment.
    public static var builtInDefaults: SwitchboardConfiguration {
        builtInDefaults(environment: ProcessInfo.processInfo.environment)
    }

    /// The configuration used when no file is found: every bundled plugin enabled, and the providers
    /// `ollama` (local, `http://127.0.0.1:11434`), `lmstudio` (openai plugin, local, `http://127.0.0.1:1234/v1`),
    /// `echo` (local), and `openai` with `api_key` from `OPENAI_API_KEY`, only when that variable is set.
    /// - Parameter environment: The environment to read `OPENAI_API_KEY` from.
    /// - Returns: The defaults; the same as ``ConfigurationTemplate/defaultYAML`` decodes to, plus `openai` when the key is set.
    public static func builtInDefaults(environment: [String: String]) -> SwitchboardConfiguration {
        var configuration = SwitchboardConfiguration(
            providers: [
                Provider(name: "ollama", plugin: "ollama", local: true, settings: ["base_url": "http://127.0.0.1:11434"]),
                Provider(name: "lmstudio", plugin: "openai", local: true, settings: ["base_url": "http://127.0.0.1:1234/v1"]),
                Provider(name: "echo", plugin: "echo", local: true),
            ],
            source: .builtIn
        )
        if let openAI = builtInOpenAI(environment: environment) {
            configuration.providers.append(openAI.provider)
            configuration.secretKeyPaths.formUnion(openAI.secrets)
        }
        return configuration
    }

    /// The built-in `openai` provider, when `OPENAI_API_KEY` is set and not empty.
    static func builtInOpenAI(environment: [String: String]) -> (provider: Provider, secrets: Set<String>)? {
        guard let key = environment["OPENAI_API_KEY"], !key.isEmpty else { return nil }
        return (Provider(name: "openai", plugin: "openai", settings: ["api_key": .string(key)]), ["providers.openai.settings.api_key"])
    }
}
