import Foundation
import SwitchboardKit

extension SwitchboardConfiguration {
    /// The ids of the plugins that ship with Switchboard.
    public static let bundledPluginIDs = [
        "anthropic", "claude-code", "deepseek", "echo", "gemini", "gemini-cli", "ollama", "openai",
    ]

    /// The configuration used when no file is found, for the process environment.
    public static var builtInDefaults: SwitchboardConfiguration {
        builtInDefaults(environment: ProcessInfo.processInfo.environment)
    }

    /// The configuration used when no file is found: every bundled plugin enabled, and the providers
    /// `ollama` (local, `http://127.0.0.1:11434`), `lmstudio` (openai plugin, local, `http://127.0.0.1:1234/v1`),
    /// `echo` (local), and the cloud providers whose key is in the environment: `openai` (`OPENAI_API_KEY`),
    /// `anthropic` (`ANTHROPIC_API_KEY`), `gemini` (`GEMINI_API_KEY`, else `GOOGLE_API_KEY`).
    /// - Parameter environment: The environment to read the keys from.
    /// - Returns: The defaults; the same as ``ConfigurationTemplate/yaml(sections:)`` decodes to, plus each cloud provider
    ///   whose key is set.
    public static func builtInDefaults(environment: [String: String]) -> SwitchboardConfiguration {
        var configuration = SwitchboardConfiguration(
            providers: [
                Provider(
                    name: "ollama", plugin: "ollama", local: true, settings: ["base_url": "http://127.0.0.1:11434"]),
                Provider(
                    name: "lmstudio", plugin: "openai", local: true, settings: ["base_url": "http://127.0.0.1:1234/v1"]),
                Provider(name: "echo", plugin: "echo", local: true),
            ],
            source: .builtIn
        )
        configuration.addBuiltInCloudProviders(environment: environment)
        return configuration
    }

    /// Adds the built-in cloud providers whose key is set in `environment`: `openai` (`OPENAI_API_KEY`), `anthropic`
    /// (`ANTHROPIC_API_KEY`), `gemini` (`GEMINI_API_KEY`, else `GOOGLE_API_KEY`), each key marked secret.
    mutating func addBuiltInCloudProviders(environment: [String: String]) {
        let cloud = [
            ("openai", ["OPENAI_API_KEY"]), ("anthropic", ["ANTHROPIC_API_KEY"]),
            ("gemini", ["GEMINI_API_KEY", "GOOGLE_API_KEY"]),
        ]
        for (name, variables) in cloud {
            guard let variable = variables.first(where: { environment[$0]?.isEmpty == false }),
                let key = environment[variable]
            else { continue }
            providers.append(Provider(name: name, plugin: name, settings: ["api_key": .string(key)]))
            secretKeyPaths.insert("providers.\(name).settings.api_key")
            variableSources["providers.\(name).settings.api_key"] = [variable]
        }
    }
}
