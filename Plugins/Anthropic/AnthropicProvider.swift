import Foundation
import SwitchboardKit

/// One Anthropic API endpoint: streams Messages answers, lists its models, checks its health.
struct AnthropicProvider: Provider {
    /// The most pages of `GET /v1/models` one listing follows.
    private static let maximumModelPages = 20

    let name: String
    private let settings: AnthropicSettings
    private let http: ProviderHTTPClient
    private let errorMapper: AnthropicErrorMapper
    private let requestMapper: AnthropicRequestMapper

    /// Creates a provider named after `context`'s instance, talking through the host's transport.
    init(context: ProviderContext, settings: AnthropicSettings) {
        let errorMapper = AnthropicErrorMapper(
            provider: context.name, apiKey: settings.apiKey,
            headerSecrets: SecretPolicy.credentialValues(in: settings.headers))
        self.name = context.name
        self.settings = settings
        self.errorMapper = errorMapper
        self.requestMapper = AnthropicRequestMapper(provider: context.name, settings: settings)
        self.http = context.httpClient { head, body in errorMapper.error(head: head, body: body) }
    }

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        .decoding(
            { [settings, http, requestMapper] in
                try await http.postSSE(
                    settings.endpoint("v1/messages"),
                    headers: settings.headers,
                    body: try requestMapper.body(for: request),
                    timeout: settings.timeout
                )
            },
            with: { [name, errorMapper] in
                AnthropicStreamDecoder(provider: name, model: request.model, errorMapper: errorMapper)
            }
        )
    }

    /// The models `GET /v1/models` lists (every page), each merged with its catalog entry when there is one.
    func models() async throws -> [ModelInfo] {
        try await listModels().map { AnthropicCatalog.model(id: $0.id, displayName: $0.displayName) }
    }

    /// `GET /v1/models`, timed.
    func health() async -> ProviderHealth {
        await ProviderHealth.measure(provider: name) {
            let count = try await listModels().count
            return "\(count) model\(count == 1 ? "" : "s") listed"
        }
    }

    /// Every page of `GET /v1/models`, following `last_id` while `has_more` says there is more.
    private func listModels() async throws -> [AnthropicWire.ModelEntry] {
        var entries: [AnthropicWire.ModelEntry] = []
        var after: String?
        for _ in 0..<Self.maximumModelPages {
            var url = settings.endpoint("v1/models") + "?limit=1000"
            if let after, let cursor = after.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) {
                url += "&after_id=\(cursor)"
            }
            let page = try await http.json(
                AnthropicWire.ModelList.self,
                HTTPRequest(
                    method: "GET",
                    url: url,
                    headers: settings.headers + [HTTPHeader("accept", "application/json")],
                    timeout: settings.timeout
                )
            )
            entries += page.data
            guard page.hasMore == true, let last = page.lastID, !page.data.isEmpty else { break }
            after = last
        }
        return entries
    }
}
