import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

/// The catalog the real Claude Code plugin `.so` publishes: the CLI's aliases, with the limits of the Claude 5 models
/// they resolve to.
@Suite("Claude Code catalog")
struct ClaudeCodeCatalogTests {
    let catalog: PublishedCatalog
    init() throws { catalog = try PublishedCatalog(product: "SwitchboardClaudeCodePlugin") }

    @Test func everyAliasReadsAMillionTokensAndWritesUpTo128k() {
        let expected: [(id: String, tier: Tier)] = [
            ("sonnet", .standard), ("opus", .advanced), ("haiku", .fast), ("fable", .advanced), ("best", .advanced),
            ("opusplan", .advanced), ("sonnet[1m]", .standard), ("opus[1m]", .advanced),
        ]
        #expect(catalog.models.map(\.id) == expected.map(\.id))
        for (model, (id, tier)) in zip(catalog.models, expected) {
            #expect(model.contextWindow == 1_000_000, "\(id)")
            #expect(model.maxOutputTokens == 128_000, "\(id)")
            #expect(model.tier == tier, "\(id)")
        }
    }

    @Test func defaultIsNotInTheCatalogForItIsTheAccountsModelNotAnAlias() {
        #expect(!catalog.models.contains { $0.id == "default" })
    }
}
