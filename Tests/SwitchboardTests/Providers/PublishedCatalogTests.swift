import SwitchboardKit
import SwitchboardTesting
import Testing

/// The catalog tests' view of a built plugin's manifest: its models, and errors that name what is missing and where.
@Suite("Published catalog")
struct PublishedCatalogTests {
    @Test func aModelAndItsPriceAreReadFromTheBuiltPlugin() throws {
        let echo = try PublishedCatalog(product: "SwitchboardEchoPlugin")
        #expect(echo.models.map(\.id) == ["echo"])
        #expect(try echo.model("echo").contextWindow == 1_000_000)
        #expect(try echo.pricing("echo") == Pricing(input: 0, output: 0))
    }

    @Test func aMissingModelOrPriceIsNamedWithThePlugin() throws {
        let echo = try PublishedCatalog(product: "SwitchboardEchoPlugin")
        let missing = try #require(throws: PublishedCatalog.MissingEntry.self) { try echo.model("gpt-6") }
        #expect(missing.description == "gpt-6 is not in the catalog of SwitchboardEchoPlugin")
        let claudeCode = try PublishedCatalog(product: "SwitchboardClaudeCodePlugin")
        let unpriced = try #require(throws: PublishedCatalog.MissingEntry.self) { try claudeCode.pricing("sonnet") }
        #expect(unpriced.description == "sonnet has no price in the catalog of SwitchboardClaudeCodePlugin")
    }

    @Test func aPluginThatWasNotBuiltSaysWhatToRun() throws {
        let error = #expect(throws: (any Error).self) { try PublishedCatalog(product: "SwitchboardNoSuchPlugin") }
        #expect("\(error.map { "\($0)" } ?? "")".contains("libSwitchboardNoSuchPlugin.so was not found"))
        #expect("\(error.map { "\($0)" } ?? "")".contains("run `swift build` before `swift test`"))
    }
}
