import Foundation
import SwitchboardKit

extension WireProtocol.ModelListing {
    /// Every page of `GET v1/models`, following `last_id` while `has_more` says there is more; each model merged
    /// with its catalog entry when there is one, with Anthropic's display name.
    static var anthropicModels: Self {
        Self(path: "v1/models") { exchange in
            let entries = try await exchange.allPages { after in
                let page = try await exchange.getJSON(
                    AnthropicWire.ModelList.self, query: [("limit", "1000")] + (after.map { [("after_id", $0)] } ?? []))
                return (page.data, page.hasMore == true && !page.data.isEmpty ? page.lastID : nil)
            }
            return entries.map { AnthropicCatalog.model(id: $0.id, displayName: $0.displayName) }
        }
    }
}
