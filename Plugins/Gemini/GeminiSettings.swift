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
        let name = context.name
        func invalid(_ setting: String, _ problem: String) -> ProviderError {
            ProviderError(.invalidRequest, "setting \"\(setting)\" of provider \"\(name)\" \(problem)", provider: name)
        }

        let base = try context.string("base_url", default: Self.defaultBaseURL) ?? Self.defaultBaseURL
        guard let url = URL(string: base), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty
        else {
            throw invalid("base_url", "must be an http or https URL such as \(Self.defaultBaseURL); found \"\(base)\"")
        }
        baseURL = base.hasSuffix("/") ? String(base.dropLast()) : base

        let configuredKey = try context.string("api_key") ?? ""
        let keyVariable = try context.string("api_key_env")
        if let keyVariable, configuredKey.isEmpty, context.host.secret(keyVariable) == nil {
            throw invalid("api_key_env", "names \"\(keyVariable)\", which is not set")
        }
        var key = try context.secret("api_key", fallbackVariable: "GEMINI_API_KEY")
        if key == nil, keyVariable == nil { key = context.host.secret("GOOGLE_API_KEY") }
        key = key?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let key, key.contains(where: \.isNewline) {
            throw invalid("api_key", "must be one line; the key found contains a line break")
        }
        apiKey = key?.isEmpty == false ? key : nil
        missingKey =
            apiKey == nil && host.lowercased() == Self.googleHost
            ? ProviderError(
                .authentication,
                "no Gemini API key: set \"api_key\" or \"api_key_env\" of provider \"\(name)\", "
                    + "or the GEMINI_API_KEY or GOOGLE_API_KEY variable",
                provider: name
            )
            : nil

        var headers: [HTTPHeader] = []
        if let apiKey { headers.append(HTTPHeader("x-goog-api-key", apiKey)) }
        for (field, value) in try context.stringMap("headers").sorted(by: { $0.key < $1.key }) {
            guard !field.isEmpty, !field.contains(where: { $0.isWhitespace || $0 == ":" }) else {
                throw invalid("headers", "has the invalid header name \"\(field)\"")
            }
            guard !value.contains(where: \.isNewline) else {
                throw invalid("headers.\(field)", "must be one line; its value contains a line break")
            }
            headers.removeAll { $0.name.lowercased() == field.lowercased() }
            headers.append(HTTPHeader(field, value))
        }
        self.headers = headers

        if let seconds = try context.number("timeout_seconds") {
            guard seconds > 0, seconds.isFinite else {
                throw invalid("timeout_seconds", "must be a positive number of seconds; found \(seconds)")
            }
            timeout = .seconds(seconds)
        } else {
            timeout = nil
        }

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

        switch context.settings["streaming"] {
        case nil, .null?: streaming = true
        case .bool(let value)?: streaming = value
        case let other?: throw invalid("streaming", "must be a boolean; found \(other.kindDescription)")
        }
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
