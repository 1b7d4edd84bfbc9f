import Foundation
import SwitchboardKit

/// A Gemini provider instance's settings, validated.
struct GeminiSettings: Sendable {
    /// Google's Gemini API root.
    static let defaultBaseURL = "https://generativelanguage.googleapis.com/v1beta"
    /// The host that cannot answer without a key.
    private static let googleHost = "generativelanguage.googleapis.com"

    /// The API root, without a trailing slash.
    let baseURL: String
    /// Headers sent with every request: `x-goog-api-key` and the configured extras.
    let headers: [HTTPHeader]
    /// The longest one exchange may take; nil for the host's default.
    let timeout: Duration?
    /// The `safetySettings` array sent with every request, as configured.
    let safetySettings: JSONValue?
    /// Whether answers are streamed (`streamGenerateContent`) or fetched whole (`generateContent`).
    let streaming: Bool
    /// The API key, kept only to scrub it from error messages.
    let apiKey: String?
    /// Why a request cannot be sent: Google's own endpoint and no key. Nil when requests may go out.
    let missingKey: ProviderError?

    /// Reads and validates `context`'s settings.
    /// - Throws: `invalid_request` naming the setting that is unusable.
    init(_ context: ProviderContext) throws {
        let invalid = context.invalidSetting

        let url = try context.httpURL("base_url", default: Self.defaultBaseURL)
        baseURL = url.absoluteString

        apiKey = try context.apiKey(fallbackVariables: ["GEMINI_API_KEY", "GOOGLE_API_KEY"])
        let name = context.name
        missingKey =
            apiKey == nil && url.host?.lowercased() == Self.googleHost
            ? ProviderError(
                .authentication,
                "no Gemini API key: set \"api_key\" or \"api_key_env\" of provider \"\(name)\", "
                    + "or the GEMINI_API_KEY or GOOGLE_API_KEY variable",
                provider: name
            )
            : nil

        headers = try context.headers("headers", over: apiKey.map { [HTTPHeader("x-goog-api-key", $0)] } ?? [])

        timeout = try context.positiveDuration("timeout_seconds")

        switch context.settings["safety_settings"] {
        case nil, .null?:
            safetySettings = nil
        case .array(let entries)? where entries.allSatisfy({ $0.objectValue != nil }):
            safetySettings = .array(entries)
        case let other?:
            throw invalid(
                "safety_settings",
                "must be an array of objects such as {\"category\": \"HARM_CATEGORY_HARASSMENT\", "
                    + "\"threshold\": \"BLOCK_ONLY_HIGH\"}; found \(other.kindDescription)"
            )
        }

        streaming = try context.bool("streaming", default: true)
    }

    /// The absolute URL of `path` under the API root.
    func endpoint(_ path: String) -> String {
        "\(baseURL)/\(path)"
    }

    /// The URL of `method` (`generateContent`, `streamGenerateContent?alt=sse`) for `model`.
    ///
    /// A bare id goes under `models/`; a resource name (`models/…`, `tunedModels/…`) is used as it is.
    func endpoint(model: String, method: String) -> String {
        let resource = model.contains("/") ? model : "models/\(model)"
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~/"))
        let escaped = resource.addingPercentEncoding(withAllowedCharacters: allowed) ?? resource
        return endpoint("\(escaped):\(method)")
    }
}
