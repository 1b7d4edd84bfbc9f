import Foundation
import Switchboard
import SwitchboardKit
import Testing

/// Price files (`pricing.files`): Switchboard's own format and LiteLLM's, how an entry matches a model, and the errors
/// of a bad file, located like configuration errors.
@Suite("Price files")
struct PriceFileTests {
    /// An excerpt of LiteLLM's real `model_prices_and_context_window.json`, quirks included: its `sample_spec`,
    /// provider-prefixed and bare keys, an embedding and image-generation entries, and many fields Pricing has no use for.
    static let litellmExcerpt =
        TestSupport.packageRoot + "/Tests/SwitchboardTests/Fixtures/PriceFiles/litellm-excerpt.json"

    @Test func theLiteLLMFileIsReadPerMillionTokensWithItsTiersAndSkipsWhatIsNotPricedPerToken() throws {
        let file = try PriceFile(contentsOf: Self.litellmExcerpt)
        #expect(file.format == .litellm)
        #expect(
            file.prices.keys.sorted() == [
                "claude-sonnet-4-5", "gemini-2.5-pro", "gemini/gemini-2.5-pro", "gpt-4o", "text-embedding-3-small",
            ])
        #expect(
            file.prices["claude-sonnet-4-5"]
                == Pricing(
                    input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75, cacheWriteExtended: 6,
                    longContext: LongContextPricing(
                        aboveInputTokens: 200_000, input: 6, output: 22.5, cacheRead: 0.6, cacheWrite: 7.5)))
        #expect(
            file.prices["gemini/gemini-2.5-pro"]
                == Pricing(
                    input: 1.25, output: 10, cacheRead: 0.125,
                    longContext: LongContextPricing(aboveInputTokens: 200_000, input: 2.5, output: 15, cacheRead: 0.25),
                    sourceURL: "https://ai.google.dev/gemini-api/docs/pricing"))
        #expect(
            file.prices["gpt-4o"]
                == Pricing(
                    input: 2.5, output: 10, cacheRead: 1.25,
                    serviceTiers: [
                        "priority": Pricing(input: 4.25, output: 17, cacheRead: 2.125),
                        "batch": Pricing(input: 1.25, output: 5),
                    ]))
        #expect(
            file.prices["text-embedding-3-small"]
                == Pricing(input: 0.02, output: 0, serviceTiers: ["batch": Pricing(input: 0.01, output: 0)]))
    }

    @Test func switchboardsOwnFormatIsPricingsJSONFormInYAMLOrJSON() throws {
        let directory = try ConfigurationTemporaryDirectory()
        defer { directory.remove() }
        let yaml = try directory.write(
            "prices/ours.yaml",
            """
            models:
              openai-eu/gpt-4o:
                input: 2.75
                output: 11
                cache_read: 1.375
                service_tiers:
                  flex: {input: 1.375, output: 5.5}
                source_url: https://openai.com/api/pricing
                as_of: 2026-12-01
              claude-opus-4:
                input: 15
                output: 75
                cache_write: 18.75
                cache_write_extended: 30
                long_context: {above_input_tokens: 200000, input: 30, output: 112.5}
            """)
        let json = try directory.write("prices/ours.json", #"{"models": {"m": {"input": 1, "output": 2}}}"#)
        let configuration = try ConfigurationLoader(currentDirectory: "/", homeDirectory: "/home/u").load(
            file: try directory.write(
                "switchboard.yaml", "version: 1\npricing:\n  files: [prices/ours.yaml, prices/ours.json]\n"))
        #expect(configuration.pricing.files == [yaml, json])
        let loaded = configuration.pricing.loaded
        #expect(loaded.map(\.path) == [yaml, json])
        #expect(loaded.map(\.format) == [.switchboard, .switchboard])
        #expect(
            loaded.first?.prices == [
                "openai-eu/gpt-4o": Pricing(
                    input: 2.75, output: 11, cacheRead: 1.375,
                    serviceTiers: ["flex": Pricing(input: 1.375, output: 5.5)],
                    sourceURL: "https://openai.com/api/pricing", asOf: "2026-12-01"),
                "claude-opus-4": Pricing(
                    input: 15, output: 75, cacheWrite: 18.75, cacheWriteExtended: 30,
                    longContext: LongContextPricing(aboveInputTokens: 200_000, input: 30, output: 112.5)),
            ])
        #expect(loaded.last?.prices == ["m": Pricing(input: 1, output: 2)])
        #expect(configuration.renderedYAML().contains(json), "config check shows the files")
    }

    @Test func anEntryMatchesByInstanceThenPluginThenModelAndALaterFileWins() {
        func price(_ input: Double) -> Pricing { Pricing(input: input, output: 0) }
        let earlier = PriceFile(
            path: "/a.json", format: .litellm,
            prices: ["gpt-4o": price(1), "openai/gpt-4o": price(2), "eu/gpt-4o": price(3), "o3": price(4)])
        let later = PriceFile(path: "/b.yaml", format: .switchboard, prices: ["gpt-4o": price(5)])
        #expect(earlier.pricing(instance: "eu", plugin: "openai", model: "gpt-4o") == price(3))
        #expect(earlier.pricing(instance: "us", plugin: "openai", model: "gpt-4o") == price(2))
        #expect(earlier.pricing(instance: "us", plugin: "azure", model: "gpt-4o") == price(1))
        #expect(earlier.pricing(instance: "us", plugin: "openai", model: "gpt-5") == nil)
        let files = SwitchboardConfiguration.PriceFiles(files: ["/a.json", "/b.yaml"], loaded: [earlier, later])
        let match = files.match(instance: "eu", plugin: "openai", model: "gpt-4o")
        #expect(
            match?.pricing == price(5) && match?.file == "/b.yaml", "the later file wins, however it keys the model")
        let onlyEarlier = files.match(instance: "eu", plugin: "openai", model: "o3")
        #expect(onlyEarlier?.pricing == price(4) && onlyEarlier?.file == "/a.json")
    }

    @Test func aPriceFileSourceIsStoredAsFileAndItsPath() {
        let source = PriceSource.priceFile(path: "/etc/switchboard/prices.yaml")
        #expect(source.description == "file:/etc/switchboard/prices.yaml")
        #expect(PriceSource(stored: source.description) == source)
        #expect(PriceSource(stored: "file:") == nil)
        #expect(PriceSource(stored: "manifest:openai@1.0.0") == .manifest(plugin: "openai", version: "1.0.0"))
        let record = LedgerRecord(
            usage: PricedUsage(
                provider: "gemini", model: "gemini-2.5-pro", usage: Usage(inputUncached: 10, outputText: 2),
                pricing: Pricing(input: 1.25, output: 10), source: source))
        let imported = try? LedgerRecord(jsonLine: record.jsonLine)
        #expect(imported?.usage.source == source, "usage export and import keep the price file")
    }

    static let badFiles: [(name: String, contents: String, error: String)] = [
        (
            "prices.json", #"{"models": {"m": {"input": -1, "output": 2}}}"#,
            "prices.json:1:28: models.m.input: must not be negative, found -1; prices are USD per million tokens; use 0"
                + " for free"
        ),
        (
            "prices.json",
            "{\n  \"gpt-4o\": {\"litellm_provider\": \"openai\",\n    \"input_cost_per_token\": \"cheap\"}\n}",
            "prices.json:3:29: gpt-4o.input_cost_per_token: expected a number, found string \"cheap\""
        ),
        (
            "prices.json", "{\n  \"models\": {\n    \"m\": {\"input\": 1 \"output\": 2}\n  }\n}\n",
            "prices.json:3:30: JSON syntax error: did not find expected ',' or '}' while parsing a flow mapping that"
                + " starts at 3:10; fix the JSON at this position"
        ),
        (
            "prices.yaml", "models:\n  m: {input: 1\n",
            "prices.yaml:3:1: YAML syntax error: did not find expected ',' or '}' while parsing a flow mapping that"
                + " starts at 2:6; fix the YAML at this position"
        ),
        (
            "prices.yaml", "models:\n  m:\n    input: 1\n    output: 2\n    cache_reed: 0.5\n",
            "prices.yaml:5:5: models.m.cache_reed: unknown key `cache_reed`; did you mean `cache_read`?"
        ),
        (
            "prices.yaml", "models:\n  m:\n    input: 1\n",
            "prices.yaml:2:3: models.m: missing required key `output`: give the price of an output token in USD per"
                + " million tokens"
        ),
        (
            "prices.yaml", "models:\n  m: {input: 1, output: 2, as_of: 1 December 2026}\n",
            "prices.yaml:2:35: models.m.as_of: expected a date written YYYY-MM-DD, found \"1 December 2026\""
        ),
        (
            "prices.json", #"{"gpt-4o": {"price": 2.5}}"#,
            "prices.json:1:1: this is neither price file format; expected Switchboard's"
        ),
        ("prices.yaml", "\n  \n", "prices.yaml:1:1: the price file is empty; expected Switchboard's"),
        (
            "prices.txt", "models: {}",
            "prices.txt: a price file must be JSON (`.json`) or YAML (`.yaml`, `.yml`)"
        ),
    ]

    @Test("a bad price file is an error naming the file, key path, line and column", arguments: badFiles)
    func badFile(name: String, contents: String, error: String) throws {
        let directory = try ConfigurationTemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write(name, contents)
        let thrown = #expect(throws: ConfigurationError.self) { try PriceFile(contentsOf: path) }
        let description = thrown?.description ?? ""
        #expect(description.hasPrefix(path.dropLast(name.count) + error), "\(description)")
    }

    @Test func aMissingPriceFileFailsTheConfigurationNamingTheFile() throws {
        let directory = try ConfigurationTemporaryDirectory()
        defer { directory.remove() }
        let configuration = try directory.write(
            "switchboard.yaml", "version: 1\npricing:\n  files: [missing.json]\nprofiles: {}\n")
        let thrown = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader(currentDirectory: "/", homeDirectory: "/home/u").load(file: configuration)
        }
        let missing = configuration.dropLast("switchboard.yaml".count) + "missing.json"
        #expect(
            thrown?.description
                == "\(missing): cannot read the price file named in `pricing.files`: it does not exist or is not"
                + " accessible; check the path")
    }
}
