import SwitchboardKit

/// An Ollama instance's settings, each declared once: the manifest lists them and `makeProvider` reads them.
enum OllamaSettings {
    /// `base_url`, `api_key`/`api_key_env` (for ollama.com or an authenticating proxy; a local server needs none),
    /// `headers`, `timeout_seconds`.
    static let http = HTTPSettings(
        baseURL: "http://127.0.0.1:11434", apiKeyVariables: "OLLAMA_API_KEY",
        baseURLDescription: "The Ollama server, without /api (https://ollama.com for Ollama's cloud)")
    /// `keep_alive`: a duration string or a number of seconds, passed through.
    static let keepAlive = Setting.passthrough(
        "keep_alive", type: "string",
        "How long Ollama keeps the model loaded after a request (\"5m\", \"1h\", \"-1\" for ever, or a number of "
            + "seconds); Ollama's default when absent",
        expected: "a duration such as \"5m\" or a number of seconds"
    ) { value in value.doubleValue != nil || value.stringValue?.isEmpty == false }

    /// Every setting, in the manifest's order.
    static let all: [any DeclaredSetting] = [http, keepAlive]
}
