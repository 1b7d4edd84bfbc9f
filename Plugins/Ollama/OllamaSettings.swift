import SwitchboardKit

/// An Ollama instance's settings, each declared once: the manifest lists them and `makeProvider` reads them.
enum OllamaSettings {
    /// `base_url`, `api_key`/`api_key_env` (for ollama.com or an authenticating proxy; a local server needs none),
    /// `headers`, `timeout_seconds`.
    static let http = HTTPSettings(
        baseURL: "http://127.0.0.1:11434", apiKeyVariables: "OLLAMA_API_KEY",
        baseURLDescription: "The Ollama server, without /api (https://ollama.com for Ollama's cloud)")
    /// `keep_alive`: a duration string or a number of seconds, passed through.
    static let keepAlive = Setting<JSONValue?>(
        [
            SettingDescriptor(
                name: "keep_alive", type: "string",
                description: "How long Ollama keeps the model loaded after a request (\"5m\", \"1h\", \"-1\" for ever, "
                    + "or a number of seconds); Ollama's default when absent")
        ]
    ) { context in
        switch context.settings["keep_alive"] {
        case nil, .null?:
            return nil
        case .string(let duration)?:
            guard !duration.isEmpty else { throw context.invalidSetting("keep_alive", "must not be empty") }
            return .string(duration)
        case .number(let seconds)?:
            return .number(seconds)
        case let other?:
            throw context.invalidSetting(
                "keep_alive", "must be a duration such as \"5m\" or a number of seconds; found \(other.kindDescription)"
            )
        }
    }

    /// Every setting, in the manifest's order.
    static let all: [any DeclaredSetting] = [http, keepAlive]
}
