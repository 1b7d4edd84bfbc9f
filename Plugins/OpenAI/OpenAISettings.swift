import Foundation
import SwitchboardKit

/// An OpenAI-compatible provider instance's settings: each declared once (the manifest lists them) and read once.
struct OpenAISettings: Sendable {
    /// OpenAI's own API root.
    static let defaultBaseURL = "https://api.openai.com/v1"

    static let baseURL = Setting.baseURL(
        default: defaultBaseURL, "The API root that `/chat/completions` and `/models` hang off")
    static let apiKey = Setting<String?>(
        [
            SettingDescriptor(
                name: "api_key",
                type: "string",
                description: "The API key, sent as a bearer token; when absent, the variable `api_key_env` names, "
                    + "else OPENAI_API_KEY; with no key at all no Authorization header is sent",
                secret: true
            )
        ] + SettingDescriptor.apiKey(variable: "OPENAI_API_KEY").filter { $0.name == "api_key_env" }
    ) { context in
        let isAzure = try context[azureDeployment] != nil
        return try context.apiKey(fallbackVariables: [isAzure ? "AZURE_OPENAI_API_KEY" : "OPENAI_API_KEY"])
    }
    static let azureDeployment = Setting.optionalString(
        "azure_deployment",
        "Azure OpenAI: the deployment to call; base_url is then the resource (https://NAME.openai.azure.com), the key "
            + "goes in an api-key header (default variable AZURE_OPENAI_API_KEY), and requests go to "
            + "/openai/deployments/{deployment}/chat/completions")
    static let apiVersion = Setting.string(
        "api_version", "Azure OpenAI: the api-version query parameter", default: AzureDeployment.defaultAPIVersion)
    static let organization = Setting.optionalString(
        "organization", "The OpenAI organization id, sent as OpenAI-Organization")
    static let maxTokensField = Setting.string(
        "max_tokens_field",
        "The request field carrying the output limit: max_completion_tokens, or max_tokens for older compatible "
            + "servers",
        default: OpenAIMaxTokensField.maxCompletionTokens.rawValue)
    static let includeUsage = Setting.bool(
        "include_usage",
        "Whether to ask for token usage at the end of the stream (stream_options.include_usage); turn off for "
            + "servers that reject stream_options",
        default: true)

    /// Every setting, in the manifest's order.
    static let all: [any DeclaredSetting] = [
        baseURL, apiKey, azureDeployment, apiVersion, organization, Setting.headers, Setting.timeout, maxTokensField,
        includeUsage,
    ]

    /// The API root, without a trailing slash.
    let baseURL: String
    /// The organization header, when one is configured.
    let organizationHeaders: [HTTPHeader]
    /// The `headers` setting.
    let configuredHeaders: [HTTPHeader]
    /// The longest one exchange may take; nil for the host's default.
    let timeout: Duration?
    /// Where the output token limit goes.
    let maxTokensField: OpenAIMaxTokensField
    /// Whether to ask for a usage chunk at the end of the stream.
    let includeUsage: Bool
    /// Whether the server runs on this machine (`localhost`, `127.0.0.1`, `::1`).
    let serverIsLocal: Bool
    /// The API key.
    let apiKey: String?
    /// The Azure OpenAI deployment and API version, when the instance talks to Azure.
    let azure: AzureDeployment?

    /// Azure OpenAI addresses a deployment rather than a model, versions its API in the query string and takes the
    /// key in an `api-key` header.
    struct AzureDeployment: Sendable {
        /// The deployment name (`/openai/deployments/{name}/…`).
        let deployment: String
        /// The `api-version` query parameter.
        let apiVersion: String

        /// The API version used when none is configured.
        static let defaultAPIVersion = "2024-10-21"
    }

    /// Reads and validates `context`'s settings.
    /// - Throws: `invalid_request` naming the setting that is unusable.
    init(_ context: ProviderContext) throws {
        let invalid = context.invalidSetting

        let url = try context[Self.baseURL]
        baseURL = url.absoluteString
        serverIsLocal = ["localhost", "127.0.0.1", "::1", "[::1]"].contains(url.host?.lowercased() ?? "")

        if let deployment = try context[Self.azureDeployment] {
            guard !deployment.isEmpty,
                deployment.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." })
            else {
                throw invalid(
                    "azure_deployment",
                    "must be a deployment name of letters, digits, '-', '_' or '.'; found \"\(deployment)\"")
            }
            let version = try context[Self.apiVersion]
            guard !version.isEmpty, version.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
                throw invalid("api_version", "must look like 2024-10-21; found \"\(version)\"")
            }
            azure = AzureDeployment(deployment: deployment, apiVersion: version)
        } else {
            azure = nil
        }
        apiKey = try context[Self.apiKey]
        organizationHeaders =
            try context[Self.organization].flatMap {
                $0.isEmpty ? nil : [HTTPHeader("openai-organization", $0)]
            } ?? []
        configuredHeaders = try context[Setting.headers]
        timeout = try context[Setting.timeout]

        let field = try context[Self.maxTokensField]
        guard let maxTokensField = OpenAIMaxTokensField(rawValue: field) else {
            let allowed = OpenAIMaxTokensField.allCases.map(\.rawValue).joined(separator: " or ")
            throw invalid("max_tokens_field", "must be \(allowed); found \"\(field)\"")
        }
        self.maxTokensField = maxTokensField
        includeUsage = try context[Self.includeUsage]
    }

    /// The absolute URL of `path` (`chat/completions`, `embeddings` or `models`) under the API root; for Azure, under
    /// the deployment (chat, embeddings) or the resource (models), with `api-version`.
    func endpoint(_ path: String) -> String {
        guard let azure else { return "\(baseURL)/\(path)" }
        let scope = path == "models" ? "openai" : "openai/deployments/\(azure.deployment)"
        return "\(baseURL)/\(scope)/\(path)?api-version=\(azure.apiVersion)"
    }

    /// Chat Completions as this instance speaks it: its output-limit field and usage request, OpenAI's embeddings,
    /// and Azure's `api-key` header in place of the bearer token.
    var wire: WireProtocol<OpenAIStreamDecoder> {
        var wire = WireProtocol.openAIChatCompletions(maxTokensField: maxTokensField, includeUsage: includeUsage)
        wire.embeddings = .openAIEmbeddings
        if azure != nil { wire.authentication = .header("api-key") }
        return wire
    }
}
