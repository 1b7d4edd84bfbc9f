import Foundation
import SwitchboardKit

extension WireProtocol.ModelListing {
    /// The most pages of `GET /v1/models` one listing follows.
    private static var maximumModelPages: Int { 20 }

    /// Every page of `GET v1/models`, following `last_id` while `has_more` says there is more; each model merged
    /// with its catalog entry when there is one, with Anthropic's display name.
    static var anthropicModels: Self {
        Self(path: "v1/models") { exchange in
            var entries: [AnthropicWire.ModelEntry] = []
            var after: String?
            for _ in 0..<maximumModelPages {
                var url = exchange.url + "?limit=1000"
                if let after, let cursor = after.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) {
                    url += "&after_id=\(cursor)"
                }
                let page = try await exchange.http.json(
                    AnthropicWire.ModelList.self,
                    HTTPRequest(
                        method: "GET", url: url, headers: exchange.headers + [HTTPHeader("accept", "application/json")],
                        timeout: exchange.timeout))
                entries += page.data
                guard page.hasMore == true, let last = page.lastID, !page.data.isEmpty else { break }
                after = last
            }
            return entries.map { AnthropicCatalog.model(id: $0.id, displayName: $0.displayName) }
        }
    }
}
