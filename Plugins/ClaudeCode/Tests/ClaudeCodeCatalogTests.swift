import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

/// The catalog the real Claude Code plugin `.so` publishes: the CLI's aliases, with the limits of the Claude 5 models
/// they resolve to.
@Suite("Claude Code catalog")
struct ClaudeCodeCatalogTests {
    let models: [ModelInfo]

    init() throws {
        models = try BuiltPlugin.load(product: "SwitchboardClaudeCodePlugin").manifest.models
    }

    @Test func everyAliasReadsAMillionTokensAndWritesUpTo128k() {
        let expected: [(id: String, tier: Tier)] = [
            ("sonnet", .standard), ("opus", .advanced), ("haiku", .fast), ("fable", .advanced), ("best", .advanced),
            ("opusplan", .advanced), ("sonnet[1m]", .standard), ("opus[1m]", .advanced),
        ]
        #expect(models.map(\.id) == expected.map(\.id))
        for (model, (id, tier)) in zip(models, expected) {
            #expect(model.contextWindow == 1_000_000, "\(id)")
            #expect(model.maxOutputTokens == 128_000, "\(id)")
            #expect(model.tier == tier, "\(id)")
        }
    }

    @Test func defaultIsNotInTheCatalogForItIsTheAccountsModelNotAnAlias() {
        #expect(!models.contains { $0.id == "default" })
    }
}
