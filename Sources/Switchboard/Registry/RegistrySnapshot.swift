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
    /// Per entry, for scoring without touching the entries: the tier component of ``ModelScore``, the capabilities
    /// as a bit mask (bit n is `Capability.allCases[n]`), whether a price is known (or the model is local), and the
    /// provider's priority.
    private let tierScore: [Double]
    private let capabilityMask: [UInt16]
    private let priced: [Bool]
    private let priority: [Int]
    /// Each entry's position in `provider/model` id order (which differs from entry order when a provider name is
    /// a prefix of another), the last tie-breaker of a ranking.
    private let idRank: [Int32]
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
        tierScore = entries.map { ModelScore.tierComponent($0.model.tier) }
        capabilityMask = entries.map { Self.mask($0.model.capabilities) }
        priced = entries.map { $0.local || $0.model.pricing != nil }
        priority = entries.map(\.priority)
        var idRank = [Int32](repeating: 0, count: count)
        for (rank, index) in entries.indices.sorted(by: { entries[$0].id < entries[$1].id }).enumerated() {
            idRank[index] = Int32(rank)
        }
        self.idRank = idRank
        self.indexByID = indexByID
    }

    /// `capabilities` as a bit mask: bit n is `Capability.allCases[n]`.
    static func mask(_ capabilities: Set<Capability>) -> UInt16 {
        var mask: UInt16 = 0
        for (bit, capability) in Capability.allCases.enumerated() where capabilities.contains(capability) {
            mask |= 1 << UInt16(bit)
        }
        return mask
    }

    /// The indices of the entries `query` matches, in entry order.
    func indices(matching query: ModelQuery) -> [Int] {
        var result: [Int] = []
        forEachMatch(of: query) { result.append($0) }
        return result
    }

    /// The best `limit` entries `query` matches, scored as ``ModelScore`` does and ordered as
    /// ``ModelRegistry/ranked(_:preferring:)`` orders them (score, then priority, then id), with how many matched.
    ///
    /// This is the router's hot path: it scores from the per-entry arrays with no allocation per entry and keeps
    /// only the best `limit`, so ranking ten thousand models takes tens of microseconds.
    /// - Parameters:
    ///   - statistics: observations by entry index.
    ///   - minimumKnownWindow: leaves out models whose context window is known and smaller.
    ///   - localFirst: every local entry ranks before every cloud one (of the same availability rank).
    ///   - providerRanks: the ``Availability`` rank of each provider that is not available (1 probing or
    ///     rate-limited, 2 down); entries of a higher rank come after every entry of a lower one.
    func top(
        _ limit: Int,
        matching query: ModelQuery,
        preferring preferred: Set<Capability>,
        statistics: [Int: ModelStatistics],
        minimumKnownWindow: Int,
        localFirst: Bool,
        providerRanks: [String: Int] = [:]
    ) -> (ranked: [(index: Int, score: ModelScore)], matched: Int) {
        let wanted = Self.mask(query.capabilities.union(preferred))
        let wantedCount = Double(wanted.nonzeroBitCount)
        let allCount = Double(Capability.allCases.count)
        let tokensIn = Double(query.tokens.input)
        let tokensOut = Double(query.tokens.output)
        // One list per group, best group first: by availability rank (available, probing or rate-limited, down),
        // then, under `localFirst`, local before cloud. Groups only ever hold entries when a provider is not
        // available, so the common case is one or two lists and no per-entry work.
        var rankOf: [UInt8] = []
        var groupCount = localFirst ? 2 : 1
        if providerRanks.values.contains(where: { $0 > 0 }) {
            rankOf = [UInt8](repeating: 0, count: entries.count)
            for (provider, rank) in providerRanks where rank > 0 {
                byProvider[provider]?.forEach { rankOf[$0] = UInt8(rank) }
                groupCount = max(groupCount, (rank + 1) * (localFirst ? 2 : 1))
            }
        }
        var groups = (0..<groupCount).map { _ in TopList(limit: limit, priority: priority, idRank: idRank) }
        var matched = 0
        forEachMatch(of: query) { index in
            if contextWindow[index] >= 0, contextWindow[index] < minimumKnownWindow { return }
            matched += 1
            let coverage =
                wanted == 0
                ? Double(capabilityMask[index].nonzeroBitCount) / allCount
                : Double((capabilityMask[index] & wanted).nonzeroBitCount) / wantedCount
            let price =
                priced[index]
                ? ModelScore.priceComponent(
                    cost: (tokensIn * inputPrice[index] + tokensOut * outputPrice[index]) * (1.0 / 1_000_000))
                : 0.5
            let observed = statistics.isEmpty ? nil : statistics[index]
            let total = ModelScore.total(
                tier: tierScore[index],
                coverage: coverage,
                price: price,
                latency: ModelScore.latencyComponent(observed),
                success: (observed ?? ModelStatistics()).successRate
            )
            var group = rankOf.isEmpty ? 0 : Int(rankOf[index])
            if localFirst { group = group * 2 + (localSet.contains(index) ? 0 : 1) }
            groups[group].offer(index, total)
        }
        let indices = groups.flatMap(\.members).prefix(limit).map(\.index)
        let wanting = query.capabilities.union(preferred)
        let ranked = indices.map { index in
            (
                index: index,
                score: ModelScore(entries[index], wanting: wanting, tokens: query.tokens, statistics: statistics[index])
            )
        }
        return (ranked, matched)
    }

    /// Calls `body` with the index of each entry `query` matches, in entry order.
    private func forEachMatch(of query: ModelQuery, _ body: (Int) -> Void) {
        var set = all
        for capability in query.capabilities { set.formIntersection(byCapability[capability]!) }
        for capability in query.excludedCapabilities { set.subtract(byCapability[capability]!) }
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
        set.forEach { index in
            if let model = query.model, entries[index].model.id != model { return }
            if let limit = query.maxInputPrice, !(inputPrice[index] <= limit) { return }
            if let limit = query.maxOutputPrice, !(outputPrice[index] <= limit) { return }
            if let limit = query.maxCost {
                let cost =
                    (Double(query.tokens.input) * inputPrice[index] + Double(query.tokens.output) * outputPrice[index])
                    / 1_000_000
                if !(cost <= limit) { return }
            }
            if let minimum = query.minContextWindow, contextWindow[index] < minimum { return }
            if let minimum = query.minMaxOutputTokens, maxOutput[index] < minimum { return }
            body(index)
        }
    }
}
