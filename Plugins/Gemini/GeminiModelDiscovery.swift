import Foundation
import SwitchboardKit

/// Lists the models a Gemini endpoint offers, page by page, merged with the catalog.
struct GeminiModelDiscovery {
    /// The most models Gemini returns per page.
    private static let pageSize = 1000
    /// The most pages followed, so a server that keeps handing out tokens cannot loop for ever.
    private static let maximumPages = 20

    let settings: GeminiSettings
    let http: ProviderHTTPClient

    /// The models that support `generateContent` or `embedContent`, in the order listed, ids without `models/`.
    ///
    /// A catalog model keeps its entry, with Gemini's display name and token limits; any other model gets an
    /// unpriced entry built from its id and Gemini's `thinking` flag. The context window is `inputTokenLimit`.
    func models() async throws -> [ModelInfo] {
        var listed: [GeminiWire.Model] = []
        var token: String?
        for _ in 0..<Self.maximumPages {
            let page = try await self.page(size: Self.pageSize, token: token)
            listed += page.models ?? []
            guard let next = page.nextPageToken, !next.isEmpty else { break }
            token = next
        }
        var seen: Set<String> = []
        return listed.compactMap { entry in
            let methods = entry.supportedGenerationMethods ?? []
            let generates = methods.contains("generateContent")
            guard generates || methods.contains("embedContent") else { return nil }
            let id = entry.name.hasPrefix("models/") ? String(entry.name.dropFirst("models/".count)) : entry.name
            guard seen.insert(id).inserted else { return nil }
            var model =
                GeminiCatalog.entry(for: id)
                ?? GeminiCatalog.uncataloged(
                    id: id, supportsThinking: entry.thinking ?? false, embedsOnly: !generates)
            model.id = id
            if let name = entry.displayName, !name.isEmpty { model.displayName = name }
            if let limit = entry.inputTokenLimit, limit > 0 { model.contextWindow = limit }
            if let limit = entry.outputTokenLimit, limit > 0 { model.maxOutputTokens = limit }
            return model
        }
    }

    /// One page of `GET models`.
    func page(size: Int, token: String?) async throws -> GeminiWire.ModelList {
        var url = settings.endpoint("models") + "?pageSize=\(size)"
        if let token {
            let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
            url += "&pageToken=" + (token.addingPercentEncoding(withAllowedCharacters: allowed) ?? token)
        }
        let request = HTTPRequest(
            method: "GET",
            url: url,
            headers: settings.headers + [HTTPHeader("accept", "application/json")],
            timeout: settings.timeout
        )
        return try await http.json(GeminiWire.ModelList.self, request)
    }
}
