import SwitchboardKit

/// A Gemini instance's settings, each declared once: the manifest lists them and `makeProvider` reads them.
enum GeminiSettings {
    /// `base_url`, `api_key`/`api_key_env`, `headers`, `timeout_seconds`. Without a key, Google's own endpoint
    /// cannot answer, so its requests fail before they are sent; a proxy may add the key itself.
    static let http = HTTPSettings(
        baseURL: "https://generativelanguage.googleapis.com/v1beta", apiKeyVariables: "GEMINI_API_KEY",
        "GOOGLE_API_KEY", keyRequirement: .requiredOnHost("generativelanguage.googleapis.com"),
        baseURLDescription: "The API root that `models/…` hangs off")
    /// `safety_settings`: an array of objects, sent as given.
    static let safetySettings = Setting.passthrough(
        "safety_settings", type: "array",
        "Gemini's safetySettings, sent as given with every request, e.g. "
            + "[{\"category\": \"HARM_CATEGORY_HARASSMENT\", \"threshold\": \"BLOCK_ONLY_HIGH\"}]",
        expected: "an array of objects such as {\"category\": \"HARM_CATEGORY_HARASSMENT\", "
            + "\"threshold\": \"BLOCK_ONLY_HIGH\"}"
    ) { value in value.arrayValue?.allSatisfy { $0.objectValue != nil } == true }
    /// `streaming`: whether answers stream, or come whole from `generateContent`.
    static let streaming = Setting.bool(
        "streaming",
        "Whether answers stream (streamGenerateContent); false fetches each answer whole with generateContent, "
            + "for proxies that buffer server-sent events",
        default: true)

    /// Every setting, in the manifest's order.
    static let all: [any DeclaredSetting] = [http, safetySettings, streaming]
}
