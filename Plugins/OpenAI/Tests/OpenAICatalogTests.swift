import Foundation
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

/// The catalog the real OpenAI plugin `.so` publishes: OpenAI's GPT-6 lineup at the prices its pages state.
@Suite("OpenAI catalog")
struct OpenAICatalogTests {
    let catalog: PublishedCatalog
    init() throws { catalog = try PublishedCatalog(product: "SwitchboardOpenAIPlugin") }

    @Test func gpt62SolHasItsWindowPricesCacheWritesAndLongContextTier() throws {
        let sol = try catalog.model("gpt-6.2-sol")
        #expect(sol.contextWindow == 1_050_000)
        #expect(sol.maxOutputTokens == 128_000)
        #expect(sol.capabilities.isSuperset(of: [.chat, .vision, .tools, .reasoning]))
        let pricing = try #require(sol.pricing)
        #expect(pricing.input == 2)
        #expect(pricing.output == 10)
        #expect(pricing.cacheRead == 0.10)
        #expect(pricing.cacheWrite == 2.50, "a 30-minute cache write is 1.25 times the input price")
        #expect(pricing.cacheWriteExtended == 5, "a 12-hour cache write is 2.5 times the input price")
        let long = try #require(pricing.longContext)
        #expect(long.aboveInputTokens == 272_000)
        #expect(long.input == 4)
        #expect(long.output == 15)
        #expect(long.cacheRead == 0.20)
        #expect(long.cacheWrite == 5)
        #expect(long.cacheWriteExtended == 10)
    }

    @Test func aLongPromptBillsTheWholeRequestAtTheLongContextPrices() throws {
        let pricing = try #require(try catalog.model("gpt-6.2-sol").pricing)
        let short = Usage(inputUncached: 200_000, outputText: 1_000)
        let long = Usage(inputUncached: 300_000, outputText: 1_000)
        #expect(abs(pricing.cost(of: short) - (200_000 * 2 + 1_000 * 10) / 1e6) < 1e-12)
        #expect(abs(pricing.cost(of: long) - (300_000 * 4 + 1_000 * 15) / 1e6) < 1e-12)
    }

    @Test func batchHalvesEveryPriceAndFlexIsOfferedWhereThePageListsIt() throws {
        let terra = try #require(try catalog.model("gpt-6.1-terra").pricing)
        #expect(terra.input == 1)
        #expect(terra.output == 5)
        #expect(terra.cacheRead == 0.05)
        let batch = try #require(terra.serviceTiers?["batch"])
        #expect(batch.input == 0.5)
        #expect(batch.output == 2.5)
        #expect(batch.cacheRead == 0.025)
        #expect(batch.longContext?.input == 1)
        #expect(terra.serviceTiers?["flex"] == batch)
        let astra = try #require(try catalog.model("gpt-6.2-astra").pricing)
        #expect(astra.input == 8)
        #expect(astra.output == 40)
        #expect(astra.serviceTiers?["batch"]?.output == 20)
        #expect(astra.serviceTiers?["flex"] == nil, "OpenAI lists no Flex price for GPT-6.2")
    }

    @Test func theCheapestModelIsGpt6Luna() throws {
        let luna = try catalog.model("gpt-6-luna")
        #expect(luna.tier == .fast)
        #expect(luna.pricing?.input == 0.10)
        #expect(luna.pricing?.output == 0.50)
        #expect(luna.pricing?.cacheRead == 0.01)
    }

    @Test func shutDownAndDeprecatedModelsAreNotOffered() {
        let ids = Set(catalog.models.map(\.id))
        for gone in ["gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "o3", "o4-mini"] {
            #expect(!ids.contains(gone), "\(gone) is deprecated or shut down")
        }
    }

    @Test func everyPriceNamesTheVendorPageItWasReadFromAndTheDate() {
        for model in catalog.models {
            let pricing = model.pricing
            #expect(pricing?.sourceURL?.hasPrefix("https://") == true, "\(model.id) has a source")
            #expect(pricing?.asOf == "2026-12-04", "\(model.id) has the date its price was read")
        }
        #expect(
            catalog.models.first { $0.id == "gpt-6.1-terra" }?.pricing?.sourceURL
                == "https://developers.openai.com/api/docs/models/gpt-6.1-terra")
    }
}
