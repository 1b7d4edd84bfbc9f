import Foundation
import SwitchboardKit

/// An Anthropic provider instance's settings, validated.
struct AnthropicSettings: Sendable {
    /// Anthropic's own API root.
    static let defaultBaseURL = "https://api.anthropic.com"
    /// The API version this plugin speaks.
    static let defaultVersion = "2023-06-01"
    /// The output limit sent when a request names none (Anthropic requires one).
    static let defaultMaxTokens = 4_096
    /// The host secret read when neither `api_key` nor `api_key_env` is set.
    static let defaultKeyVariable = "ANTHROPIC_API_KEY"

    /// The API root, without a trailing slash.
    let baseURL: String
    /// Headers sent with every request: `x-api-key`, `anthropic-version`, `anthropic-beta` and the configured extras.
    let headers: [HTTPHeader]
    /// The longest one exchange may take; nil for the host's default.
    let timeout: Duration?
    /// The output limit sent when a request names none.
    let defaultMaxTokens: Int
    /// The API key, kept only to scrub it from error messages.
    let apiKey: String

    /// Reads and validates `context`'s settings.
    /// - Throws: `invalid_request` naming the setting that is unusable; `authentication` when no API key is found.
    init(_ context: ProviderContext) throws {
        let name = context.name
        let invalid = context.invalidSetting

        baseURL = try context.httpURL("base_url", default: Self.defaultBaseURL).absoluteString

        guard let key = try context.apiKey(fallbackVariables: [Self.defaultKeyVariable]) else {
            throw ProviderError(
                .authentication,
                "provider \"\(name)\" has no API key: set \"api_key\", name a variable in \"api_key_env\", "
                    + "or set \(Self.defaultKeyVariable)",
                provider: name
            )
        }
        apiKey = key

        let version = try context.string("anthropic_version", default: Self.defaultVersion) ?? Self.defaultVersion
        guard !version.isEmpty, !version.contains(where: { $0.isNewline }) else {
            throw invalid("anthropic_version", "must be a version date such as \(Self.defaultVersion)")
        }

        var baseHeaders = [HTTPHeader("x-api-key", key), HTTPHeader("anthropic-version", version)]
        let betas = try Self.betas(context, invalid: invalid)
        if !betas.isEmpty { baseHeaders.append(HTTPHeader("anthropic-beta", betas.joined(separator: ","))) }
        headers = try context.headers("headers", over: baseHeaders)

        timeout = try context.positiveDuration("timeout_seconds")

        switch context.settings["default_max_tokens"] {
        case nil, .null?:
            defaultMaxTokens = Self.defaultMaxTokens
        case let value?:
            guard let tokens = value.intValue, tokens > 0 else {
                let found = value.doubleValue.map { "\($0)" } ?? value.kindDescription
                throw invalid("default_max_tokens", "must be a positive whole number of tokens; found \(found)")
            }
            defaultMaxTokens = tokens
        }
    }

    /// The beta feature names of `beta`: a list of strings, or one comma-separated string.
    private static func betas(
        _ context: ProviderContext,
        invalid: (String, String) -> ProviderError
    ) throws -> [String] {
        let names: [String]
        switch context.settings["beta"] {
        case nil, .null?:
            return []
        case .string(let list)?:
            names = list.split(separator: ",").map(String.init)
        case .array(let items)?:
            names = try items.enumerated().map { position, item in
                guard let name = item.stringValue else {
                    throw invalid("beta[\(position)]", "must be a string; found \(item.kindDescription)")
                }
                return name
            }
        case let other?:
            throw invalid(
                "beta", "must be a list of beta names or one comma-separated string; found \(other.kindDescription)")
        }
        let trimmed = names.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if let bad = trimmed.first(where: { $0.contains(where: { $0.isNewline || $0 == "," }) }) {
            throw invalid("beta", "has the invalid beta name \"\(bad)\"")
        }
        return trimmed
    }

    /// The absolute URL of `path` (e.g. `v1/messages`) under the API root.
    func endpoint(_ path: String) -> String {
        "\(baseURL)/\(path)"
    }
}
