import Foundation
import SwitchboardKit

/// An OpenAI-compatible provider instance's settings, validated.
struct OpenAISettings: Sendable {
    /// OpenAI's own API root.
    static let defaultBaseURL = "https://api.openai.com/v1"

    /// The request field that carries the output token limit.
    enum MaxTokensField: String, Sendable, CaseIterable {
        /// OpenAI's current name, required by its reasoning models.
        case maxCompletionTokens = "max_completion_tokens"
        /// The older name, which many compatible servers still expect.
        case maxTokens = "max_tokens"
    }

    /// The API root, without a trailing slash.
    let baseURL: String
    /// Headers sent with every request: authorization, organization and the configured extras.
    let headers: [HTTPHeader]
    /// The longest one exchange may take; nil for the host's default.
    let timeout: Duration?
    /// Where the output token limit goes.
    let maxTokensField: MaxTokensField
    /// Whether to ask for a usage chunk at the end of the stream.
    let includeUsage: Bool
    /// Whether the server runs on this machine (`localhost`, `127.0.0.1`, `::1`).
    let serverIsLocal: Bool
    /// The API key, kept only to scrub it from error messages.
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

        let url = try context.httpURL("base_url", default: Self.defaultBaseURL)
        baseURL = url.absoluteString
        serverIsLocal = ["localhost", "127.0.0.1", "::1", "[::1]"].contains(url.host?.lowercased() ?? "")

        let deployment = try context.string("azure_deployment")
        if let deployment {
            guard !deployment.isEmpty,
                deployment.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." })
            else {
                throw invalid(
                    "azure_deployment",
                    "must be a deployment name of letters, digits, '-', '_' or '.'; found \"\(deployment)\"")
            }
            let version =
                try context.string("api_version", default: AzureDeployment.defaultAPIVersion)
                ?? AzureDeployment.defaultAPIVersion
            guard !version.isEmpty, version.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
                throw invalid("api_version", "must look like 2024-10-21; found \"\(version)\"")
            }
            azure = AzureDeployment(deployment: deployment, apiVersion: version)
        } else {
            azure = nil
        }
        apiKey = try context.apiKey(fallbackVariables: [azure == nil ? "OPENAI_API_KEY" : "AZURE_OPENAI_API_KEY"])

        var headers: [HTTPHeader] = []
        if let apiKey {
            headers.append(
                azure == nil ? HTTPHeader("authorization", "Bearer \(apiKey)") : HTTPHeader("api-key", apiKey))
        }
        if let organization = try context.string("organization"), !organization.isEmpty {
            headers.append(HTTPHeader("openai-organization", organization))
        }
        self.headers = try context.headers("headers", over: headers)

        timeout = try context.positiveDuration("timeout_seconds")

        let field = try context.string("max_tokens_field", default: MaxTokensField.maxCompletionTokens.rawValue)
        guard let maxTokensField = field.flatMap(MaxTokensField.init(rawValue:)) else {
            let allowed = MaxTokensField.allCases.map(\.rawValue).joined(separator: " or ")
            throw invalid("max_tokens_field", "must be \(allowed); found \"\(field ?? "")\"")
        }
        self.maxTokensField = maxTokensField

        includeUsage = try context.bool("include_usage", default: true)
    }

    /// The absolute URL of `path` (`chat/completions`, `embeddings` or `models`) under the API root; for Azure, under
    /// the deployment (chat, embeddings) or the resource (models), with `api-version`.
    func endpoint(_ path: String) -> String {
        guard let azure else { return "\(baseURL)/\(path)" }
        let scope = path == "models" ? "openai" : "openai/deployments/\(azure.deployment)"
        return "\(baseURL)/\(scope)/\(path)?api-version=\(azure.apiVersion)"
    }
}
