import Foundation
import SwitchboardKit

/// An Anthropic instance's settings, each declared once: the manifest lists them and `makeProvider` reads them.
enum AnthropicSettings {
    /// The API version this plugin speaks.
    static let defaultVersion = "2023-06-01"
    /// The output limit sent when a request names none (Anthropic requires one).
    static let defaultMaxTokens = 4_096

    /// `base_url`, `api_key`/`api_key_env` (required), `headers`, `timeout_seconds`.
    static let http = HTTPSettings(
        baseURL: "https://api.anthropic.com", apiKeyVariables: "ANTHROPIC_API_KEY", keyRequirement: .required,
        baseURLDescription: "The API root that `/v1/messages` and `/v1/models` hang off (without /v1)")
    /// `anthropic_version`: one line, sent as `anthropic-version`.
    static let version = Setting.string(
        "anthropic_version", "The API version, sent as anthropic-version", default: defaultVersion
    ).checked { version in
        version.isEmpty || version.contains(where: \.isNewline)
            ? "must be a version date such as \(defaultVersion)" : nil
    }
    /// `beta`: a list of beta names or one comma-separated string, sent as `anthropic-beta`.
    static let beta = Setting<[String]>(
        SettingDescriptor(
            name: "beta", type: "array",
            description:
                "Beta features to enable, sent as anthropic-beta: a list of names or one comma-separated string"
        ),
        read: betas)
    /// `default_max_tokens`: a positive whole number.
    static let maxTokens = Setting.positiveInteger(
        "default_max_tokens",
        "The output limit sent when a request names none (Anthropic requires one); a thinking budget is added on top",
        default: defaultMaxTokens, unit: "tokens")

    /// Every setting, in the manifest's order.
    static let all: [any DeclaredSetting] = [http, version, beta, maxTokens]

    /// `anthropic-version`, and `anthropic-beta` when betas are enabled.
    /// - Throws: `invalid_request` naming the setting that is unusable.
    static func headers(_ context: ProviderContext) throws -> [HTTPHeader] {
        let betas = try context[beta]
        return [HTTPHeader("anthropic-version", try context[version])]
            + (betas.isEmpty ? [] : [HTTPHeader("anthropic-beta", betas.joined(separator: ","))])
    }

    /// The beta feature names of the setting `name`: a list of strings, or one comma-separated string.
    private static func betas(_ context: ProviderContext, _ name: String) throws -> [String] {
        let invalid = context.invalidSetting
        let names: [String]
        switch context.settings[name] {
        case nil, .null?:
            return []
        case .string(let list)?:
            names = list.split(separator: ",").map(String.init)
        case .array(let items)?:
            names = try items.enumerated().map { position, item in
                guard let name = item.stringValue else {
                    throw invalid("\(name)[\(position)]", "must be a string; found \(item.kindDescription)")
                }
                return name
            }
        case let other?:
            throw invalid(
                name, "must be a list of beta names or one comma-separated string; found \(other.kindDescription)")
        }
        let trimmed = names.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if let bad = trimmed.first(where: { $0.contains(where: { $0.isNewline || $0 == "," }) }) {
            throw invalid(name, "has the invalid beta name \"\(bad)\"")
        }
        return trimmed
    }
}
