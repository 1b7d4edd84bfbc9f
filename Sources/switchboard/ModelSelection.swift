import Switchboard
import SwitchboardKit

/// What `complete` and `chat` answer with: a provider, a model, both, or neither (the router decides).
struct ModelSelection: Sendable, Equatable, CustomStringConvertible {
    /// The provider instance, or nil for any.
    var provider: String?
    /// The model id, or nil for any.
    var model: String?

    /// The router chooses.
    static let automatic = ModelSelection(provider: nil, model: nil)

    init(provider: String?, model: String?) {
        self.provider = provider
        self.model = model
    }

    /// Reads `--model` / `/model` text: `auto` lets the router choose; `PROVIDER/MODEL` pins both when `PROVIDER`
    /// is one of `providers` (model ids may hold slashes of their own); anything else is a model id.
    init(parsing text: String, provider: String? = nil, providers: [String]) {
        if text == "auto" {
            self.init(provider: provider, model: nil)
        } else if provider == nil, let slash = text.firstIndex(of: "/"), providers.contains(String(text[..<slash])) {
            self.init(provider: String(text[..<slash]), model: String(text[text.index(after: slash)...]))
        } else {
            self.init(provider: provider, model: text)
        }
    }

    var description: String {
        switch (provider, model) {
        case (let provider?, let model?): "\(provider)/\(model)"
        case (let provider?, nil): "\(provider)/(router's choice)"
        case (nil, let model?): "\(model) (any provider)"
        case (nil, nil): "auto (router's choice)"
        }
    }

    /// The candidates for `request` on `host`: the pinned provider/model, or the router's ranking within what is
    /// pinned.
    /// - Throws: `not_found` ``ProviderError`` when the provider does not exist or nothing matches.
    func candidates(for request: ChatRequest, on host: SwitchboardHost) async throws -> [RouteCandidate] {
        if let provider { _ = try host.provider(named: provider) }
        let decision = await host.router.decide(request, base: Requirements(provider: provider, model: model))
        if !decision.candidates.isEmpty { return decision.candidates }
        guard provider != nil || model != nil else {
            throw ProviderError(.notFound, "no model meets the request; see `switchboard route` for why")
        }
        // Named explicitly: the routing rules do not get to exclude it.
        let entries = host.models.models(matching: ModelQuery(providers: provider.map { [$0] } ?? [], model: model))
        if !entries.isEmpty {
            return entries.map { entry in
                RouteCandidate(
                    provider: entry.provider, model: entry.model, rationale: "named explicitly", estimatedCost: nil,
                    confidence: 1)
            }
        }
        guard let provider, let model else {
            throw ProviderError(
                .notFound,
                provider.map { "provider \"\($0)\" has no models in the registry; name one with --model" }
                    ?? "no provider offers a model \"\(model ?? "")\"; `switchboard models` lists them, PROVIDER/MODEL names one directly"
            )
        }
        // A model the catalog does not list (e.g. one pulled into Ollama since): the provider decides.
        let local = host.configuration.provider(named: provider)?.local ?? false
        return [
            RouteCandidate(
                provider: provider,
                model: ModelInfo(id: model, local: local),
                rationale: "named explicitly; not in the registry's catalog",
                estimatedCost: nil,
                confidence: 1
            )
        ]
    }
}
