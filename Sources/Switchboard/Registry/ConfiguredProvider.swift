package import SwitchboardKit

/// A provider instance as configuration shapes it: its catalog priced by the price files (`pricing.files`), refined
/// by the `models` overrides and extended by `extra_models`, and its locality forced by `local` (a local instance's
/// models are free unless configured prices say otherwise; price files do not price them).
///
/// A local server (``serverReported``: LM Studio, vLLM, llama.cpp, Ollama) has no catalog: it offers the models its
/// server reports plus every model its configuration names, under `models` or `extra_models`.
package struct ConfiguredProvider: Provider {
    /// The provider underneath (from a plugin or in-process).
    package let base: any Provider
    /// The instance's configuration entry.
    package let configuration: SwitchboardConfiguration.Provider
    /// The plugin's catalog: what a configured model of a local server is described by when its id is in it.
    package let catalog: [ModelInfo]
    /// Whether the instance offers only what its server reports and its configuration names, never `catalog`.
    package let serverReported: Bool
    /// The configuration's price files, whose prices replace the catalog's (and the overrides refine).
    package let priceFiles: SwitchboardConfiguration.PriceFiles

    /// Wraps `base` with `configuration`.
    /// - Parameters:
    ///   - catalog: the plugin's catalog.
    ///   - serverReported: whether the instance is a local server, which never offers `catalog` as such.
    ///   - priceFiles: the configuration's price files.
    package init(
        base: any Provider,
        configuration: SwitchboardConfiguration.Provider,
        catalog: [ModelInfo] = [],
        serverReported: Bool = false,
        priceFiles: SwitchboardConfiguration.PriceFiles = .init()
    ) {
        self.base = base
        self.configuration = configuration
        self.catalog = catalog
        self.serverReported = serverReported
        self.priceFiles = priceFiles
    }

    /// The models the instance offers before any discovery: the catalog with overrides and extras, or for a local
    /// server only the configured models.
    package var initialModels: [ModelInfo] {
        apply(to: serverReported ? [] : catalog)
    }

    package var name: String { base.name }

    package func models() async throws -> [ModelInfo] {
        apply(to: try await base.models())
    }

    package func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        base.stream(request)
    }

    package func complete(_ request: ChatRequest) async throws -> ChatResponse {
        try await base.complete(request)
    }

    package func embed(_ request: EmbeddingRequest) async throws -> EmbeddingResponse {
        try await base.embed(request)
    }

    package func health() async -> ProviderHealth {
        await base.health()
    }

    /// The catalog `models` with this instance's overrides applied and its extra models appended.
    package func apply(to models: [ModelInfo]) -> [ModelInfo] {
        let overrides = Dictionary(configuration.models.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        var result = models.map { model in
            var model = model
            // A local instance costs nothing per token, whatever the plugin's catalog says (an OpenAI-compatible
            // local server reuses OpenAI's catalog), unless its configuration prices the model.
            price(&model)
            if let override = overrides[model.id] { Self.apply(override, to: &model) }
            model.local = configuration.local
            return model
        }
        var known = Set(result.map(\.id))
        if serverReported {
            // A local server that does not (yet) report a configured model still offers it: the configuration
            // says it is there.
            for configured in configuration.models where !known.contains(configured.id) {
                var model = catalog.first { $0.id == configured.id } ?? ModelInfo(id: configured.id)
                price(&model)
                model.local = configuration.local
                Self.apply(configured, to: &model)
                result.append(model)
                known.insert(configured.id)
            }
        }
        for extra in configuration.extraModels where !known.contains(extra.id) {
            var model = ModelInfo(id: extra.id, local: configuration.local)
            price(&model)
            Self.apply(extra, to: &model)
            result.append(model)
        }
        return result
    }

    /// Sets `model`'s prices before the overrides: free on a local instance, else a price file's when one has it.
    private func price(_ model: inout ModelInfo) {
        if configuration.local {
            model.pricing = Pricing(input: 0, output: 0)
        } else if let match = priceFiles.match(
            instance: configuration.name, plugin: configuration.plugin, model: model.id)
        {
            model.pricing = match.pricing
        }
    }

    private static func apply(_ override: SwitchboardConfiguration.Model, to model: inout ModelInfo) {
        if let name = override.displayName { model.displayName = name }
        if let window = override.contextWindow { model.contextWindow = window }
        if let maxOutput = override.maxOutputTokens { model.maxOutputTokens = maxOutput }
        if let capabilities = override.capabilities { model.capabilities = Set(capabilities) }
        if let tier = override.tier { model.tier = tier }
        if let pricing = override.pricing {
            var merged = model.pricing ?? Pricing(input: 0, output: 0)
            if let input = pricing.input { merged.input = input }
            if let output = pricing.output { merged.output = output }
            if let cacheRead = pricing.cacheRead { merged.cacheRead = cacheRead }
            if let cacheWrite = pricing.cacheWrite { merged.cacheWrite = cacheWrite }
            if let extended = pricing.cacheWriteExtended { merged.cacheWriteExtended = extended }
            if let reasoning = pricing.reasoning { merged.reasoning = reasoning }
            if let longContext = pricing.longContext { merged.longContext = longContext }
            if let serviceTiers = pricing.serviceTiers { merged.serviceTiers = serviceTiers }
            model.pricing = merged
        }
    }
}
