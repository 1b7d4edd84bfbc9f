import Foundation
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

/// The catalog the real Anthropic plugin `.so` publishes: the Claude 5 lineup and Haiku 4.5 at the prices
/// Anthropic's pages state.
@Suite("Anthropic catalog")
struct AnthropicCatalogTests {
    let catalog: PublishedCatalog
    init() throws { catalog = try PublishedCatalog(product: "SwitchboardAnthropicPlugin") }

    @Test func opus55HasItsPricesAndBothCacheWriteLifetimes() throws {
        let opus = try catalog.pricing("claude-opus-5-5")
        #expect(opus.input == 4)
        #expect(opus.output == 20)
        #expect(opus.cacheRead == 0.20)
        #expect(opus.cacheWrite == 5, "a 5-minute cache write is 1.25 times the input price")
        #expect(opus.cacheWriteExtended == 8, "a 1-hour cache write is twice the input price")
        #expect(opus.longContext == nil, "the whole 1M window is billed at the standard rate")
        let batch = try #require(opus.serviceTiers?["batch"])
        #expect(batch.input == 2)
        #expect(batch.output == 10)
    }

    @Test func sonnet55CacheReadsCostTheCutPrice() throws {
        let sonnet = try catalog.pricing("claude-sonnet-5-5")
        #expect(sonnet.input == 2)
        #expect(sonnet.output == 10)
        #expect(sonnet.cacheRead == 0.10)
        #expect(sonnet.cacheWriteExtended == 4)
    }

    @Test func haiku55BillsAPromptOver100kTokensAtFiveTimesItsPrices() throws {
        let haiku = try catalog.pricing("claude-haiku-5-5")
        #expect(haiku.input == 0.10)
        #expect(haiku.output == 0.50)
        #expect(haiku.cacheRead == 0.01)
        #expect(haiku.cacheWrite == 0.125)
        #expect(haiku.cacheWriteExtended == 0.20)
        let long = try #require(haiku.longContext)
        #expect(long.aboveInputTokens == 100_000)
        #expect(long.input == 0.50)
        #expect(long.output == 2.50)
        #expect(long.cacheRead == 0.05)
        #expect(long.cacheWrite == 0.625)
        #expect(long.cacheWriteExtended == 1)
        let cost = haiku.cost(of: Usage(inputUncached: 20_000, inputCacheRead: 90_000, outputText: 2_000))
        #expect(abs(cost - (20_000 * 0.50 + 90_000 * 0.05 + 2_000 * 2.50) / 1e6) < 1e-12)
    }

    @Test func everyModelHasTheCurrentWindowAndOutputLimit() throws {
        for id in ["claude-fable-5-2", "claude-opus-5-5", "claude-sonnet-5-5", "claude-haiku-5-5"] {
            let model = try #require(catalog.models.first { $0.id == id })
            #expect(model.contextWindow == 1_000_000, "\(id)")
            #expect(model.maxOutputTokens == 128_000, "\(id)")
            #expect(model.capabilities.isSuperset(of: [.chat, .vision, .tools, .thinking]), "\(id)")
        }
        #expect(try catalog.pricing("claude-fable-5-2").input == 8)
        #expect(try catalog.pricing("claude-fable-5-2").output == 40)
        let haiku45 = try #require(catalog.models.first { $0.id == "claude-haiku-4-5" })
        #expect(haiku45.contextWindow == 200_000)
        #expect(haiku45.maxOutputTokens == 64_000)
    }

    @Test func retiredModelsAreNotOffered() {
        let ids = Set(catalog.models.map(\.id))
        for gone in ["claude-opus-4", "claude-sonnet-4", "claude-3-7-sonnet", "claude-3-5-haiku", "claude-sonnet-4-5"] {
            #expect(!ids.contains(gone), "\(gone) is retired")
        }
    }

    @Test func everyPriceNamesThePageItWasReadFromAndTheDate() throws {
        for model in catalog.models {
            #expect(model.pricing?.sourceURL?.hasPrefix("https://platform.claude.com/docs/") == true, "\(model.id)")
            #expect(model.pricing?.asOf == "2026-12-04", "\(model.id)")
        }
        #expect(
            try catalog.pricing("claude-sonnet-5-5").sourceURL
                == "https://platform.claude.com/docs/en/about-claude/pricing")
    }
}
