import SwitchboardKit

/// An immutable view of the registry's models with the indices queries run on: a bitset per capability, tier
/// (exact and at-least), locality and provider, and arrays of prices and limits.
final class RegistrySnapshot: Sendable {
    /// Every entry, sorted by provider then model id.
    let entries: [RegistryEntry]
    private let all: Bitset
    private let byCapability: [Capability: Bitset]
    private let byTier: [Tier: Bitset]
    private let byMinimumTier: [Tier: Bitset]
    private let localSet: Bitset
    private let cloudSet: Bitset
    private let byProvider: [String: Bitset]
    /// Input and output prices per million tokens: 0 for local models, infinity when unknown.
    private let inputPrice: [Double]
    private let outputPrice: [Double]
    /// Limits, -1 when unknown.
    private let contextWindow: [Int]
    private let maxOutput: [Int]
    /// Entry index by `provider/model`.
    let indexByID: [String: Int]

    init(entries unsorted: [RegistryEntry]) {
        let entries = unsorted.sorted { ($0.provider, $0.model.id) < ($1.provider, $1.model.id) }
        let count = entries.count
        var byCapability = Dictionary(uniqueKeysWithValues: Capability.allCases.map { ($0, Bitset(count: count)) })
        var byTier = Dictionary(uniqueKeysWithValues: Tier.allCases.map { ($0, Bitset(count: count)) })
        var localSet = Bitset(count: count)
        var cloudSet = Bitset(count: count)
        var byProvider: [String: Bitset] = [:]
        var indexByID: [String: Int] = [:]
        for (index, entry) in entries.enumerated() {
            for capability in entry.model.capabilities { byCapability[capability]!.insert(index) }
            byTier[entry.model.tier]!.insert(index)
            if entry.local { localSet.insert(index) } else { cloudSet.insert(index) }
            byProvider[entry.provider, default: Bitset(count: count)].insert(index)
            indexByID[entry.id] = index
        }
        var byMinimumTier: [Tier: Bitset] = [:]
        for tier in Tier.allCases {
            var set = Bitset(count: count)
            for stronger in Tier.allCases where stronger >= tier { set.formUnion(byTier[stronger]!) }
            byMinimumTier[tier] = set
        }
        self.entries = entries
        all = .full(count: count)
        self.byCapability = byCapability
        self.byTier = byTier
        self.byMinimumTier = byMinimumTier
        self.localSet = localSet
        self.cloudSet = cloudSet
        self.byProvider = byProvider
        inputPrice = entries.map { $0.local ? 0 : $0.model.pricing?.input ?? .infinity }
        outputPrice = entries.map { $0.local ? 0 : $0.model.pricing?.output ?? .infinity }
        contextWindow = entries.map { $0.model.contextWindow ?? -1 }
        maxOutput = entries.map { $0.model.maxOutputTokens ?? -1 }
        self.indexByID = indexByID
    }

    /// The indices of the entries `query` matches, in entry order.
    func indices(matching query: ModelQuery) -> [Int] {
        var set = all
        for capability in query.capabilities { set.formIntersection(byCapability[capability]!) }
        switch query.tier {
        case .exactly(let tier): set.formIntersection(byTier[tier]!)
        case .atLeast(let tier): set.formIntersection(byMinimumTier[tier]!)
        case nil: break
        }
        switch query.locality {
        case .local: set.formIntersection(localSet)
        case .cloud: set.formIntersection(cloudSet)
        case .any, nil: break
        }
        if !query.providers.isEmpty {
            var chosen = Bitset(count: entries.count)
            for provider in query.providers { if let members = byProvider[provider] { chosen.formUnion(members) } }
            set.formIntersection(chosen)
        }
        for provider in query.excludedProviders { if let members = byProvider[provider] { set.subtract(members) } }
        var result: [Int] = []
        set.forEach { index in
            if let model = query.model, entries[index].model.id != model { return }
            if let limit = query.maxInputPrice, !(inputPrice[index] <= limit) { return }
            if let limit = query.maxOutputPrice, !(outputPrice[index] <= limit) { return }
            if let limit = query.maxCost {
                let cost = (Double(query.tokens.input) * inputPrice[index] + Double(query.tokens.output) * outputPrice[index]) / 1_000_000
                if !(cost <= limit) { return }
            }
            if let minimum = query.minContextWindow, contextWindow[index] < minimum { return }
            if let minimum = query.minMaxOutputTokens, maxOutput[index] < minimum { return }
            result.append(index)
        }
        return result
    }
}
