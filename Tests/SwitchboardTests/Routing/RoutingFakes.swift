import Switchboard
import SwitchboardKit

/// An in-process provider for registry and router tests: a fixed model list, and a health check that answers,
/// fails or hangs.
struct FakeRoutingProvider: Provider {
    enum HealthBehaviour: Sendable { case ok, failing, hanging }

    let name: String
    var catalog: [ModelInfo] = []
    var discoveryFails = false
    var health: HealthBehaviour = .ok

    func models() async throws -> [ModelInfo] {
        if discoveryFails { throw ProviderError(.connection, "connection refused", provider: name) }
        return catalog
    }

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        AsyncThrowingStream { $0.finish(throwing: ProviderError(.unsupported, "fake", provider: name)) }
    }

    func health() async -> ProviderHealth {
        switch health {
        case .ok: return ProviderHealth(status: .ok, message: "fine")
        case .failing: return ProviderHealth(status: .unavailable, message: "down")
        case .hanging:
            try? await Task.sleep(for: .seconds(3600))
            return ProviderHealth(status: .ok)
        }
    }
}

/// The models most routing tests use: a cloud provider with three tiers, a second cloud provider, and a local one.
enum RoutingFixture {
    static let mini = ModelInfo(
        id: "mini", capabilities: [.chat, .tools], contextWindow: 128_000, maxOutputTokens: 16_000,
        pricing: Pricing(input: 0.15, output: 0.6), tier: .fast
    )
    static let main = ModelInfo(
        id: "main", capabilities: [.chat, .tools, .vision, .code], contextWindow: 128_000, maxOutputTokens: 16_000,
        pricing: Pricing(input: 2.5, output: 10), tier: .standard
    )
    static let big = ModelInfo(
        id: "big", capabilities: [.chat, .tools, .vision, .code, .reasoning], contextWindow: 200_000,
        maxOutputTokens: 64_000, pricing: Pricing(input: 15, output: 75), tier: .advanced
    )
    static let sonnet = ModelInfo(
        id: "sonnet", capabilities: [.chat, .tools, .vision, .code, .reasoning], contextWindow: 200_000,
        maxOutputTokens: 64_000, pricing: Pricing(input: 3, output: 15), tier: .advanced
    )
    static let llama = ModelInfo(
        id: "llama", capabilities: [.chat, .code], contextWindow: 8_000, maxOutputTokens: 4_000, tier: .standard,
        local: true
    )
    static let unpriced = ModelInfo(id: "mystery", capabilities: [.chat], tier: .standard)

    /// `cloud` (mini, main, big, priority 1), `other` (sonnet, mystery) and `home` (llama, local).
    static func registry() -> ModelRegistry {
        let registry = ModelRegistry()
        registry.register([mini, main, big], provider: "cloud", priority: 1)
        registry.register([sonnet, unpriced], provider: "other")
        registry.register([llama], provider: "home")
        return registry
    }
}
