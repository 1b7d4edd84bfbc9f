import Switchboard
import SwitchboardKit
import Testing

@Suite("Model registry")
struct ModelRegistryTests {
    let registry = RoutingFixture.registry()

    private func ids(_ query: ModelQuery) -> [String] {
        registry.models(matching: query).map(\.id)
    }

    @Test func everyModelSortedByProviderThenID() {
        #expect(
            ids(ModelQuery()) == [
                "cloud/big", "cloud/main", "cloud/mini", "home/llama", "other/mystery", "other/sonnet",
            ])
    }

    @Test func capabilitiesMustAllBePresent() {
        #expect(ids(ModelQuery(capabilities: [.vision, .reasoning])) == ["cloud/big", "other/sonnet"])
        #expect(ids(ModelQuery(capabilities: [.code])) == ["cloud/big", "cloud/main", "home/llama", "other/sonnet"])
        #expect(ids(ModelQuery(capabilities: [.embeddings])).isEmpty)
    }

    @Test func tierExactOrAtLeast() {
        #expect(ids(ModelQuery(tier: .exactly(.standard))) == ["cloud/main", "home/llama", "other/mystery"])
        #expect(
            ids(ModelQuery(tier: .atLeast(.standard))) == [
                "cloud/big", "cloud/main", "home/llama", "other/mystery", "other/sonnet",
            ])
        #expect(ids(ModelQuery(tier: .atLeast(.advanced))) == ["cloud/big", "other/sonnet"])
    }

    @Test func providersIncludedAndExcluded() {
        #expect(ids(ModelQuery(providers: ["home", "other"])) == ["home/llama", "other/mystery", "other/sonnet"])
        #expect(ids(ModelQuery(excludedProviders: ["cloud", "other"])) == ["home/llama"])
        #expect(ids(ModelQuery(providers: ["nobody"])).isEmpty)
        #expect(ids(ModelQuery(model: "main")) == ["cloud/main"])
    }

    @Test func locality() {
        #expect(ids(ModelQuery(locality: .local)) == ["home/llama"])
        #expect(ids(ModelQuery(locality: .cloud)).count == 5)
        #expect(ids(ModelQuery(locality: .any)).count == 6)
    }

    @Test func pricesLocalIsFreeUnknownFails() {
        #expect(ids(ModelQuery(maxInputPrice: 3)) == ["cloud/main", "cloud/mini", "home/llama", "other/sonnet"])
        #expect(ids(ModelQuery(maxOutputPrice: 1)) == ["cloud/mini", "home/llama"])
        // 1000 in × $2.5/M + 500 out × $10/M = $0.0075; sonnet $0.0105.
        #expect(ids(ModelQuery(maxCost: 0.0075)) == ["cloud/main", "cloud/mini", "home/llama"])
        #expect(
            ids(ModelQuery(maxCost: 0.01, tokens: TokenEstimate(input: 100, output: 100))) == [
                "cloud/big", "cloud/main", "cloud/mini", "home/llama", "other/sonnet",
            ])
    }

    @Test func contextAndOutputMinimums() {
        #expect(ids(ModelQuery(minContextWindow: 150_000)) == ["cloud/big", "other/sonnet"])
        #expect(ids(ModelQuery(locality: .local, minContextWindow: 8_000)) == ["home/llama"])
        #expect(
            ids(ModelQuery(minMaxOutputTokens: 10_000)) == ["cloud/big", "cloud/main", "cloud/mini", "other/sonnet"])
    }

    @Test func cheapestByEstimatedCost() {
        #expect(registry.cheapest()?.id == "home/llama")
        #expect(registry.cheapest(ModelQuery(locality: .cloud))?.id == "cloud/mini")
        #expect(registry.cheapest(ModelQuery(capabilities: [.reasoning]))?.id == "other/sonnet")
        #expect(registry.cheapest(ModelQuery(tier: .exactly(.standard), providers: ["other"])) == nil)
    }

    @Test func estimatedCostInDollars() throws {
        let entry = try #require(registry.models(matching: ModelQuery(model: "big")).first)
        // 2,000 × $15/M + 1,000 × $75/M = $0.03 + $0.075.
        #expect(entry.estimatedCost(for: TokenEstimate(input: 2000, output: 1000)) == 0.105)
        #expect(registry.models(matching: ModelQuery(model: "llama")).first?.estimatedCost(for: .typical) == 0)
        #expect(registry.models(matching: ModelQuery(model: "mystery")).first?.estimatedCost(for: .typical) == nil)
    }

    @Test func bestScoreOrdering() throws {
        // Unobserved: tier dominates; big and sonnet are both advanced with all wanted, sonnet is cheaper.
        let ranked = registry.ranked(ModelQuery(capabilities: [.code]))
        #expect(ranked.map(\.entry.id) == ["other/sonnet", "cloud/big", "home/llama", "cloud/main"])
        let top = try #require(ranked.first?.score)
        // tier 1, coverage 1, price 0.01/(0.01+0.0105), latency 0.5, success 0.5.
        #expect(abs(top.total - (0.35 + 0.25 + 0.2 * 0.01 / 0.0205 + 0.05 + 0.05)) < 1e-12)
        #expect(registry.best(ModelQuery(tier: .exactly(.fast)))?.id == "cloud/mini")
    }

    @Test func observedOutcomesMoveTheScore() {
        let query = ModelQuery(tier: .atLeast(.advanced))
        #expect(registry.best(query)?.id == "other/sonnet")
        for _ in 0..<10 {
            registry.record(
                outcome: RequestOutcome(provider: "other", model: "sonnet", success: false, latency: .seconds(20)))
            registry.record(
                outcome: RequestOutcome(provider: "cloud", model: "big", success: true, latency: .milliseconds(300)))
        }
        #expect(registry.best(query)?.id == "cloud/big")
        let statistics = registry.statistics(provider: "other", model: "sonnet")
        #expect(statistics?.attempts == 10)
        #expect(statistics?.successRate == 1.0 / 12)
        #expect(statistics?.latencyMilliseconds == 20_000)
    }

    @Test func summaryTotals() {
        let summary = registry.summary()
        #expect(summary.providers == ["cloud", "home", "other"])
        #expect(summary.modelsByProvider == ["cloud": 3, "home": 1, "other": 2])
        #expect(summary.modelsByTier == [.fast: 1, .standard: 3, .advanced: 2])
        #expect(summary.localModels == 1)
        #expect(summary.cloudModels == 5)
        #expect(summary.models == 6)
    }

    @Test func refreshKeepsCatalogWhenDiscoveryFails() async {
        let providers = ProviderRegistry()
        providers.register(FakeRoutingProvider(name: "up", catalog: [RoutingFixture.mini, RoutingFixture.main]))
        providers.register(FakeRoutingProvider(name: "down", catalog: [RoutingFixture.big], discoveryFails: true))
        let registry = ModelRegistry(providers: providers)
        registry.register([RoutingFixture.mini], provider: "up", priority: 3)
        registry.register([RoutingFixture.sonnet], provider: "down")
        let failures = await registry.refresh(timeout: .seconds(5))
        #expect(failures.keys.sorted() == ["down"])
        #expect(failures["down"]?.kind == .connection)
        #expect(registry.entries.map(\.id) == ["down/sonnet", "up/main", "up/mini"])
        #expect(registry.entries.first { $0.provider == "up" }?.priority == 3)
        let availability = await registry.availability(timeout: .seconds(5))
        #expect(availability.map(\.provider) == ["down", "up"])
        #expect(availability[0].discoveryFailure?.kind == .connection)
        #expect(availability[0].models == 1)
        #expect(availability[1].discoveryFailure == nil)
        #expect(availability[1].models == 2)
    }

    @Test func availabilityWithHangingAndFailingHealthChecks() async {
        let providers = ProviderRegistry()
        providers.register(FakeRoutingProvider(name: "fine"))
        providers.register(FakeRoutingProvider(name: "broken", health: .failing))
        providers.register(FakeRoutingProvider(name: "stuck", health: .hanging))
        // Two seconds: the hanging check uses them all, and the answering one must not run out of them on a loaded
        // machine (under a sanitizer, 200 ms of this process not being scheduled is possible).
        let availability = await ModelRegistry(providers: providers).availability(timeout: .seconds(2))
        #expect(availability.map(\.provider) == ["broken", "fine", "stuck"])
        #expect(availability.map(\.health.status) == [.unavailable, .ok, .unavailable])
        #expect(availability[2].health.message?.contains("did not answer") == true)
    }

    @Test func registerReplacesAndRemoveForgets() {
        registry.register([RoutingFixture.llama, RoutingFixture.mini], provider: "home")
        #expect(ids(ModelQuery(providers: ["home"])) == ["home/llama", "home/mini"])
        registry.remove(provider: "home")
        #expect(ids(ModelQuery(providers: ["home"])).isEmpty)
    }

    @Test func manyModelsAnswerTheSameAsAScan() {
        let registry = ModelRegistry()
        var models: [ModelInfo] = []
        for index in 0..<1000 {
            let capabilities = Set(
                Capability.allCases.enumerated().filter { (index >> $0.offset) & 1 == 1 }.map(\.element))
            models.append(
                ModelInfo(
                    id: "m\(index)", capabilities: capabilities, contextWindow: 1000 * (index % 200),
                    pricing: Pricing(input: Double(index % 17), output: Double(index % 23)),
                    tier: Tier.allCases[index % 3],
                    local: index % 5 == 0
                ))
        }
        registry.register(models, provider: "many")
        let query = ModelQuery(
            capabilities: [.vision, .tools], tier: .atLeast(.standard), locality: .cloud, maxInputPrice: 8,
            minContextWindow: 50_000)
        let expected = models.filter {
            $0.capabilities.isSuperset(of: [.vision, .tools]) && $0.tier >= .standard && !$0.local
                && $0.pricing!.input <= 8 && $0.contextWindow! >= 50_000
        }.map { "many/\($0.id)" }.sorted()
        #expect(registry.models(matching: query).map(\.id) == expected)
        #expect(!expected.isEmpty)
    }
}
