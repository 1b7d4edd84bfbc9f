public import SwitchboardKit

/// Finds the price of a provider's model and where that price comes from: a configuration override, a price file
/// (`pricing.files`), the plugin's manifest, a local instance (free), or an in-process provider's catalog.
public struct PriceBook: Sendable {
    /// The model as the host's registry knows it (catalog plus overrides), or nil.
    public typealias Catalog = @Sendable (_ provider: String, _ model: String) -> ModelInfo?

    private let catalog: Catalog
    private let providers: [String: SwitchboardConfiguration.Provider]
    private let pluginVersions: [String: String]
    private let priceFiles: SwitchboardConfiguration.PriceFiles

    /// A price book over `catalog`, with `configuration`'s provider entries and the versions of the loaded plugins
    /// (plugin id → version) to name sources.
    public init(
        catalog: @escaping Catalog,
        configuration: SwitchboardConfiguration = SwitchboardConfiguration(),
        pluginVersions: [String: String] = [:]
    ) {
        self.catalog = catalog
        self.providers = Dictionary(
            configuration.providers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.pluginVersions = pluginVersions
        self.priceFiles = configuration.pricing
    }

    /// A price book that knows only what each candidate carries (its `model.pricing`).
    public static let candidatesOnly = PriceBook(catalog: { _, _ in nil })

    /// The prices of `candidate`'s model and their source. The registry's entry wins over the candidate's copy (a
    /// `best_of` judge named by host code carries no catalog entry).
    public func price(of candidate: RouteCandidate) -> (pricing: Pricing?, source: PriceSource) {
        let model = catalog(candidate.provider, candidate.model.id) ?? candidate.model
        guard let entry = providers[candidate.provider] else {
            if model.local { return (Pricing(input: 0, output: 0), .local) }
            return model.pricing.map { ($0, .catalog(provider: candidate.provider)) } ?? (nil, .unpriced)
        }
        let base = "providers.\(entry.name)"
        if let override = entry.models.first(where: { $0.id == model.id }), override.pricing != nil {
            return (model.pricing, .configuration(keyPath: "\(base).models.\(model.id).pricing"))
        }
        if let index = entry.extraModels.firstIndex(where: { $0.id == model.id }),
            entry.extraModels[index].pricing != nil
        {
            return (model.pricing, .configuration(keyPath: "\(base).extra_models[\(index)].pricing"))
        }
        if entry.local || model.local { return (Pricing(input: 0, output: 0), .local) }
        if let file = priceFiles.match(instance: entry.name, plugin: entry.plugin, model: model.id)?.file {
            return (model.pricing, .priceFile(path: file))
        }
        guard let pricing = model.pricing else { return (nil, .unpriced) }
        return (pricing, .manifest(plugin: entry.plugin, version: pluginVersions[entry.plugin] ?? "unknown"))
    }
}
