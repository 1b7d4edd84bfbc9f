import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

/// The catalog the real Gemini CLI plugin `.so` publishes: the CLI's aliases and the Gemini 3.x and 2.5 models it
/// offers with `-m`.
@Suite("Gemini CLI catalog")
struct GeminiCLICatalogTests {
    let catalog: PublishedCatalog
    init() throws { catalog = try PublishedCatalog(product: "SwitchboardGeminiCLIPlugin") }

    @Test func theAliasesAndTheGemini3ModelsHaveGooglesLimits() throws {
        let expected: [(id: String, tier: Tier)] = [
            ("auto", .advanced), ("pro", .advanced), ("flash", .standard), ("flash-lite", .fast),
            ("gemini-3.1-pro-preview", .advanced), ("gemini-3.5-flash", .standard),
            ("gemini-3-flash-preview", .standard), ("gemini-3.1-flash-lite", .fast),
        ]
        for (id, tier) in expected {
            let model = try #require(catalog.models.first { $0.id == id }, "\(id) is in the catalog")
            #expect(model.contextWindow == 1_048_576, "\(id)")
            #expect(model.maxOutputTokens == 65_536, "\(id)")
            #expect(model.tier == tier, "\(id)")
        }
    }

    @Test func aModelGoogleShutDownIsNotOffered() {
        #expect(!catalog.models.contains { $0.id == "gemini-3-pro-preview" }, "shut down on 2026-03-09")
    }
}
