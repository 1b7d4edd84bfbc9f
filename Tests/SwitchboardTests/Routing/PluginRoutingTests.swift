import Switchboard
import SwitchboardKit
import Testing

@Suite("Routing over plugin providers")
struct PluginRoutingTests {
    @Test func echoDiscoveryAndOpenAICatalog() async throws {
        let echo = try TestSupport.loadPlugin("Echo")
        let openAI = try TestSupport.loadPlugin("OpenAI")
        let providers = ProviderRegistry()
        providers.register(try echo.makeProvider(name: "echo"))
        let registry = ModelRegistry(providers: providers)
        let cloud = ConfiguredProvider(
            base: FakeRoutingProvider(name: "openai"),
            configuration: .init(name: "openai", plugin: "openai", models: [.init(id: "gpt-6-luna", tier: .standard)])
        )
        registry.register(cloud.apply(to: openAI.manifest.models), provider: "openai")
        #expect(await registry.refresh(timeout: .seconds(5)).isEmpty)
        #expect(registry.models(matching: ModelQuery(providers: ["echo"])).map(\.model.id) == ["echo"])
        #expect(registry.models(matching: ModelQuery(model: "gpt-6-luna")).first?.model.tier == .standard)

        let router = Router(registry: registry)
        let local = router.route(Requirements(capabilities: [.vision], locality: .preferLocal))
        #expect(local.first?.id == "echo/echo")
        #expect(local.first?.estimatedCost == 0)
        let review = try #require(router.review(ofProvider: "echo"))
        #expect(review.provider == "openai")
        let cheapCloud = registry.cheapest(ModelQuery(capabilities: [.vision], locality: .cloud))
        #expect(cheapCloud?.provider == "openai")
        let availability = await registry.availability(timeout: .seconds(5))
        #expect(availability.map(\.provider) == ["echo"])
        #expect(availability.first?.health.status == .ok)
    }
}
