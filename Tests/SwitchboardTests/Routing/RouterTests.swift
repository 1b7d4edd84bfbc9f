import Switchboard
import SwitchboardKit
import Testing

@Suite("Router")
struct RouterTests {
    let registry = RoutingFixture.registry()
    var router: Router { Router(registry: registry) }

    private func ids(_ requirements: Requirements) -> [String] {
        router.route(requirements).map(\.id)
    }

    @Test func rankingRationaleCostAndConfidence() throws {
        let candidates = router.route(Requirements(capabilities: [.vision], tier: .advanced))
        #expect(candidates.map(\.id) == ["other/sonnet", "cloud/big"])
        let sonnet = try #require(candidates.first)
        #expect(sonnet.rationale == "advanced tier, has vision, $0.0105 est., cloud")
        #expect(candidates[1].rationale == "advanced tier, has vision, $0.0525 est., cloud, priority 1")
        // 1,000 × $3/M + 500 × $15/M.
        #expect(abs(try #require(sonnet.estimatedCost) - 0.0105) < 1e-15)
        let score = 0.35 + 0.25 + 0.2 * 0.01 / 0.0205 + 0.05 + 0.05
        #expect(abs(sonnet.confidence - score) < 1e-12)
        #expect(candidates.allSatisfy { $0.confidence > 0 && $0.confidence <= 1 })
    }

    @Test func costEstimatesInDollars() throws {
        let tokens = TokenEstimate(input: 2000, output: 1000)
        let candidates = router.route(Requirements(tokens: tokens))
        let cost = { (id: String) in candidates.first { $0.id == id }?.estimatedCost }
        // 2,000 × $0.15/M + 1,000 × $0.60/M = $0.0003 + $0.0006.
        #expect(abs(try #require(cost("cloud/mini")) - 0.0009) < 1e-15)
        #expect(abs(try #require(cost("cloud/big")) - 0.105) < 1e-15)
        #expect(cost("home/llama") == 0)
        #expect(cost("other/mystery") == nil)
        #expect(candidates.first { $0.id == "cloud/mini" }?.rationale.contains("$0.0009 est.") == true)
        #expect(candidates.first { $0.id == "home/llama" }?.rationale.contains("free, local") == true)
        #expect(candidates.first { $0.id == "other/mystery" }?.rationale.contains("price unknown") == true)
    }

    @Test func localityPreference() {
        #expect(ids(Requirements(locality: .local)) == ["home/llama"])
        #expect(!ids(Requirements(locality: .cloud)).contains("home/llama"))
        #expect(ids(Requirements(locality: .any)).first == "other/sonnet")
        let preferred = router.route(Requirements(locality: .preferLocal))
        #expect(preferred.first?.id == "home/llama")
        #expect(preferred.first?.rationale.contains("local (preferred)") == true)
        #expect(preferred.count == 6)
        #expect(preferred.dropFirst().map(\.id) == ids(Requirements(locality: .cloud)))
        let configured = Router(
            registry: registry, configuration: SwitchboardConfiguration(routing: .init(preferLocal: true)))
        #expect(configured.route(Requirements()).first?.id == "home/llama")
    }

    @Test func exclusionsCostCapsAndContext() {
        #expect(ids(Requirements(excludedProviders: ["cloud", "other"])) == ["home/llama"])
        #expect(Set(ids(Requirements(maxCost: 0.001))) == ["cloud/mini", "home/llama"])
        #expect(!ids(Requirements(tokens: TokenEstimate(input: 10_000, output: 500))).contains("home/llama"))
        #expect(ids(Requirements(minContextWindow: 150_000)) == ["other/sonnet", "cloud/big"])
        #expect(ids(Requirements(provider: "cloud", model: "main")) == ["cloud/main"])
        let capped = Router(
            registry: registry, configuration: SwitchboardConfiguration(routing: .init(maxCostPerRequest: 0.001)))
        #expect(Set(capped.route(Requirements()).map(\.id)) == ["cloud/mini", "home/llama"])
    }

    @Test func builtInRules() {
        let review = router.decide(Requirements(task: .codeReview, risk: .high))
        #expect(review.rule?.origin == .builtIn)
        #expect(review.rule?.number == 1)
        #expect(
            review.rule?.description == "built-in rule 1: task code_review, risk high → tier advanced, locality cloud")
        #expect(review.requirements.tier == .advanced)
        #expect(review.requirements.locality == .cloud)
        #expect(review.candidates.map(\.id) == ["other/sonnet", "cloud/big"])
        #expect(router.decide(Requirements(risk: .high)).rule?.number == 2)
        #expect(router.decide(Requirements(area: "Security")).rule?.number == 3)
        let complex = router.decide(Requirements(complexity: .high))
        #expect(complex.rule?.number == 4)
        #expect(complex.requirements.capabilities == [.reasoning])
        #expect(router.decide(Requirements(task: .reasoning)).candidates.allSatisfy { $0.model.tier >= .standard })
        #expect(router.decide(Requirements(task: .codeReview)).rule?.number == 6)
        #expect(router.decide(Requirements(task: .summarization)).rule == nil)
        // The caller's locality wins over the rule's.
        #expect(router.decide(Requirements(task: .codeReview, locality: .local, risk: .high)).candidates.isEmpty)
    }

    @Test func configRulesFirstMatchWinsAndAgents() throws {
        let configuration = try ConfigurationLoader(environment: [:], currentDirectory: "/tmp", homeDirectory: "/tmp")
            .decode(
                yaml: """
                    providers:
                      cloud: {plugin: echo}
                      other: {plugin: echo}
                      home: {plugin: echo, local: true}
                    routing:
                      rules:
                        - when: {task: code_review}
                          require: {tier: advanced, locality: cloud}
                        - when: {task: code_review, risk: high}
                          require: {provider: home}
                        - when: {area: billing}
                          require: {locality: local}
                        - require: {max_cost: 0.02}
                    agents:
                      reviewer: {require: {tier: advanced, capabilities: [vision]}}
                      summarizer: {provider: home, model: llama}
                      pinned: {provider: cloud}
                      ghost: {provider: other, model: nothing}
                    """)
        let router = Router(registry: registry, configuration: configuration)
        #expect(router.rules.count == 4)
        let review = router.decide(Requirements(task: .codeReview, risk: .high))
        #expect(review.rule?.origin == .configuration)
        #expect(review.rule?.number == 1)
        #expect(review.candidates.map(\.id) == ["other/sonnet", "cloud/big"])
        #expect(router.decide(Requirements(area: "billing")).candidates.map(\.id) == ["home/llama"])
        let fallback = router.decide(Requirements(task: .general))
        #expect(fallback.rule?.number == 4)
        #expect(!fallback.candidates.map(\.id).contains("cloud/big"))

        #expect(try router.model(forAgent: "reviewer").id == "other/sonnet")
        #expect(try router.model(forAgent: "summarizer").id == "home/llama")
        #expect(try router.model(forAgent: "pinned").provider == "cloud")
        #expect(throws: ProviderError.self) { try router.model(forAgent: "ghost") }
        let unknown = #expect(throws: ProviderError.self) { try router.model(forAgent: "nobody") }
        #expect(unknown?.message.contains("known agents: ghost, pinned, reviewer, summarizer") == true)
    }

    @Test func reviewPicksAnotherProvider() throws {
        let response = ChatResponse(
            model: "sonnet", provider: "other", content: [.text("done")], finishReason: .stop, usage: Usage())
        let reviewer = try #require(router.review(of: response))
        #expect(reviewer.provider != "other")
        #expect(reviewer.id == "cloud/big")
        #expect(
            router.review(ofProvider: "cloud", requirements: Requirements(task: .codeReview, risk: .high))?.id
                == "other/sonnet")
        #expect(router.review(ofProvider: "other", requirements: Requirements(provider: "other")) != nil)
        let lonely = ModelRegistry()
        lonely.register([RoutingFixture.big], provider: "only")
        #expect(Router(registry: lonely).review(ofProvider: "only") == nil)
    }

    @Test func decideClassifiesAndReadsTheRequestShape() async {
        let request = ChatRequest(
            model: "",
            messages: [
                Message(
                    role: .user,
                    content: [
                        .text(
                            "Please review this screenshot of my pull request " + String(repeating: "x", count: 3950)),
                        .image(.url("https://example.com/a.png")),
                    ])
            ]
        )
        let decision = await router.decide(request)
        #expect(decision.classification?.task == .codeReview)
        #expect(decision.classification?.reason == "matched \"review\"")
        #expect(decision.requirements.capabilities == [.vision])
        // 4,000 characters ≈ 1,000 tokens, plus 1,000 for the image; output defaults to 500.
        #expect(decision.requirements.tokens == TokenEstimate(input: 2000, output: 500))
        #expect(decision.rule?.number == 6)
        #expect(
            decision.candidates.allSatisfy { $0.model.capabilities.contains(.vision) && $0.model.tier >= .standard })
        let given = await router.decide(request, base: Requirements(task: .summarization))
        #expect(given.classification == TaskClassification(task: .summarization, reason: "given"))
    }

    @Test func replaceableClassifier() async {
        struct Always: TaskClassifier {
            func classify(_ request: ChatRequest) async -> TaskClassification {
                TaskClassification(task: .reasoning, reason: "asked a model")
            }
        }
        let router = Router(registry: registry, classifier: Always())
        let decision = await router.decide(ChatRequest(model: "", messages: [.user("hello")]))
        #expect(decision.classification?.task == .reasoning)
        #expect(decision.rule?.number == 5)
    }
}
