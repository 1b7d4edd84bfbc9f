import Switchboard
import SwitchboardKit
import Testing

/// The router ranks only its best ``Router/candidateLimit`` candidates in one pass; these tests check that pass
/// against the registry's full sort over a registry large enough for the limit to matter.
@Suite("Router candidate limit")
struct RouterLimitTests {
    /// 12 providers × 40 models with varied capabilities, tiers, prices (some unknown), windows and priorities;
    /// providers 0 and 5 are local.
    static func registry() -> ModelRegistry {
        let registry = ModelRegistry()
        for provider in 0..<12 {
            let models = (0..<40).map { index in
                let seed = provider * 40 + index
                return ModelInfo(
                    id: "m\(index)",
                    capabilities: Set(
                        Capability.allCases.enumerated().filter {
                            ((seed &* 2_654_435_761) >> (5 + $0.offset)) & 1 == 1
                        }.map(\.element)),
                    contextWindow: seed % 7 == 0 ? nil : 4_000 * (1 + seed % 16),
                    pricing: seed % 9 == 0 ? nil : Pricing(input: Double(seed % 5), output: Double(seed % 3)),
                    tier: Tier.allCases[seed % 3],
                    local: provider % 5 == 0
                )
            }
            registry.register(models, provider: "p\(provider)", priority: provider % 2)
        }
        return registry
    }

    @Test(arguments: [
        Requirements(),
        Requirements(capabilities: [.tools]),
        Requirements(capabilities: [.vision], task: .codeReview),
        Requirements(tokens: TokenEstimate(input: 30_000, output: 2_000)),
        Requirements(locality: .preferLocal),
        Requirements(tier: .advanced, locality: .cloud),
    ])
    func bestCandidatesEqualTheFullRankingsPrefix(requirements: Requirements) {
        let registry = Self.registry()
        registry.record(
            outcome: RequestOutcome(provider: "p3", model: "m7", success: true, latency: .milliseconds(120)))
        registry.record(
            outcome: RequestOutcome(provider: "p1", model: "m2", success: false, latency: .milliseconds(900)))
        var unlimited = Router(registry: registry)
        unlimited.candidateLimit = Int.max
        let all = unlimited.decide(requirements)
        let limited = Router(registry: registry).decide(requirements)

        // The reference ranking: the registry's full sort (score, priority, id), minus embedding models (these are
        // chat requirements) and models whose known window is too small for the token estimate, locals first under
        // prefer_local.
        let effective = all.requirements
        let needed = effective.tokens.input + effective.tokens.output
        var query = ModelQuery(
            capabilities: effective.capabilities, tier: effective.tier.map { .atLeast($0) },
            locality: effective.locality == .cloud ? .cloud : nil, tokens: effective.tokens
        )
        query.excludedCapabilities = [.embeddings]
        var reference = registry.ranked(query, preferring: effective.task?.preferredCapabilities ?? [])
            .filter { ($0.entry.model.contextWindow ?? .max) >= needed }
            .map(\.entry)
        if effective.locality == .preferLocal { reference = reference.filter(\.local) + reference.filter { !$0.local } }

        #expect(all.candidates.map(\.id) == reference.map(\.id))
        #expect(all.matched == reference.count)
        #expect(limited.matched == reference.count)
        #expect(limited.candidates.count == min(16, reference.count))
        #expect(limited.candidates.map(\.id) == Array(reference.prefix(16)).map(\.id))
        #expect(limited.candidates.map(\.rationale) == Array(all.candidates.prefix(16)).map(\.rationale))
    }

    @Test func confidenceIsTheModelScore() throws {
        let registry = Self.registry()
        let candidate = try #require(Router(registry: registry).route(Requirements(capabilities: [.tools])).first)
        let entry = try #require(registry.entries.first { $0.id == candidate.id })
        let score = ModelScore(entry, wanting: [.tools], tokens: .typical, statistics: nil)
        #expect(candidate.confidence == score.total)
    }
}
