import Foundation
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

/// The catalog the real Gemini plugin `.so` publishes: the Gemini 4, 3.x and 2.5 models Google serves, at its
/// paid-tier prices.
@Suite("Gemini catalog")
struct GeminiCatalogTests {
    let catalog: PublishedCatalog
    init() throws { catalog = try PublishedCatalog(product: "SwitchboardGeminiPlugin") }

    @Test func gemini4ArgonHasItsPriceAfterTheIntroductoryOne() throws {
        let argon = try catalog.model("gemini-4-argon")
        #expect(argon.contextWindow == 1_048_576)
        #expect(argon.maxOutputTokens == 65_536)
        #expect(argon.capabilities.isSuperset(of: [.chat, .vision, .tools, .thinking]))
        #expect(argon.pricing?.input == 4, "the introductory $2 ended on 2026-11-30")
        #expect(argon.pricing?.output == 20)
        #expect(argon.pricing?.cacheRead == 0.20)
        #expect(argon.pricing?.serviceTiers?["batch"]?.input == 2)
        #expect(argon.pricing?.serviceTiers?["flex"]?.output == 10)
    }

    @Test func gemini25ProBillsAPromptOver200kTokensAtItsLongContextPrices() throws {
        let pricing = try #require(try catalog.model("gemini-2.5-pro").pricing)
        #expect(pricing.input == 1.25)
        #expect(pricing.output == 10)
        #expect(pricing.cacheRead == 0.125)
        let long = try #require(pricing.longContext)
        #expect(long.aboveInputTokens == 200_000)
        #expect(long.input == 2.5)
        #expect(long.output == 15)
        #expect(long.cacheRead == 0.25)
        #expect(pricing.serviceTiers?["batch"]?.longContext?.input == 1.25, "Batch halves the long-context prices")
    }

    @Test func theCacheReadPricesAreTheCurrentOnes() throws {
        #expect(try catalog.model("gemini-2.5-flash").pricing?.cacheRead == 0.03)
        #expect(try catalog.model("gemini-2.5-flash-lite").pricing?.cacheRead == 0.01)
        #expect(try catalog.model("gemini-4-hydrogen").pricing?.cacheRead == 0.075)
    }

    @Test func shutDownModelsAreNotOffered() {
        let ids = Set(catalog.models.map(\.id))
        for gone in ["gemini-2.0-flash", "gemini-2.0-flash-lite", "gemini-1.5-pro", "text-embedding-004"] {
            #expect(!ids.contains(gone), "\(gone) is shut down")
        }
    }

    @Test func everyPriceNamesThePageItWasReadFromAndTheDate() throws {
        for model in catalog.models {
            #expect(model.pricing?.sourceURL?.hasPrefix("https://") == true, "\(model.id)")
            #expect(model.pricing?.asOf == "2026-12-04", "\(model.id)")
        }
        #expect(
            try catalog.model("gemini-3.6-flash").pricing?.sourceURL
                == "https://ai.google.dev/gemini-api/docs/models/gemini-3.6-flash")
    }
}
