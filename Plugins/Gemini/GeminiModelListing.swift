import Foundation
import SwitchboardKit

extension WireProtocol.ModelListing {
    /// `GET models`, every page: the models that support `generateContent` or `embedContent`, in the order listed,
    /// ids without `models/`.
    ///
    /// A catalog model keeps its entry, with Gemini's display name and token limits; any other model gets an
    /// unpriced entry built from its id and Gemini's `thinking` flag. The context window is `inputTokenLimit`.
    static var geminiModels: Self {
        Self(path: "models") { exchange in
            let listed = try await exchange.allPages { token in
                let page = try await exchange.geminiModelPage(size: 1000, token: token)
                return (page.models ?? [], page.nextPageToken)
            }
            var seen: Set<String> = []
            return listed.compactMap { entry in
                let id = entry.name.hasPrefix("models/") ? String(entry.name.dropFirst("models/".count)) : entry.name
                return seen.insert(id).inserted ? model(id: id, listed: entry) : nil
            }
        }
    }

    /// The model `entry` lists as `id`; nil when it neither generates content nor embeds.
    private static func model(id: String, listed entry: GeminiWire.Model) -> ModelInfo? {
        let methods = entry.supportedGenerationMethods ?? []
        let generates = methods.contains("generateContent")
        guard generates || methods.contains("embedContent") else { return nil }
        var model =
            GeminiCatalog.entry(for: id)
            ?? GeminiCatalog.uncataloged(id: id, supportsThinking: entry.thinking ?? false, embedsOnly: !generates)
        model.id = id
        if let name = entry.displayName, !name.isEmpty { model.displayName = name }
        if let limit = entry.inputTokenLimit, limit > 0 { model.contextWindow = limit }
        if let limit = entry.outputTokenLimit, limit > 0 { model.maxOutputTokens = limit }
        return model
    }
}

extension WireProtocol.HealthCheck {
    /// `GET models?pageSize=1`.
    static var geminiModelsPage: Self {
        Self(path: "models") { exchange in
            _ = try await exchange.geminiModelPage(size: 1, token: nil)
            return "the models endpoint answered"
        }
    }
}

extension WireExchange {
    /// One page of `GET models` (this exchange's URL).
    fileprivate func geminiModelPage(size: Int, token: String?) async throws -> GeminiWire.ModelList {
        try await getJSON(
            GeminiWire.ModelList.self, query: [("pageSize", "\(size)")] + (token.map { [("pageToken", $0)] } ?? []))
    }
}
