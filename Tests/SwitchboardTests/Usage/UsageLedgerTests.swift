import Foundation
import Switchboard
import SwitchboardKit
import Testing

/// The SQLite usage ledger: totals by provider, model and tag; durability; several writers on one file.
@Suite("Usage ledger")
struct UsageLedgerTests {
    static func record(
        _ provider: String, _ model: String, cost: Double, tags: [String] = [], at time: Date = Date(),
        hit: Bool = false
    ) -> LedgerRecord {
        // Priced at 1 USD per million input tokens, so `cost` USD is cost × 1e6 tokens.
        let usage =
            hit ? Usage.responseCache : Usage(inputUncached: Int((cost * 1_000_000).rounded()), outputReasoning: 2)
        return LedgerRecord(
            time: time,
            usage: PricedUsage(
                provider: provider, model: model, usage: usage, pricing: hit ? nil : Pricing(input: 1, output: 0),
                source: hit ? .responseCache : .manifest(plugin: provider, version: "1.0.0")),
            tags: tags)
    }

    @Test func totalsGroupByProviderModelAndTagWithFilters() async throws {
        let ledger = try UsageLedger(.memory)
        try await ledger.record(Self.record("openai", "gpt-6.1-terra", cost: 0.5, tags: ["team-a", "ci"]))
        try await ledger.record(Self.record("openai", "gpt-6-luna", cost: 0.25, tags: ["team-a", "team-a"]))
        try await ledger.record(Self.record("anthropic", "claude", cost: 1, tags: ["team-b"]))
        try await ledger.record(Self.record("openai", "gpt-6.1-terra", cost: 0, hit: true))

        let total = try #require(try await ledger.totals().first)
        #expect(total.key == nil)
        #expect(total.requests == 4)
        #expect(total.responseCacheHits == 1)
        #expect(total.usage.outputReasoning == 6)
        #expect(abs(total.costUSD - 1.75) < 1e-9)

        let byProvider = try await ledger.totals(UsageQuery(grouping: .provider))
        #expect(byProvider.map(\.key) == ["anthropic", "openai"])
        #expect(byProvider.map(\.requests) == [1, 3])

        let byModel = try await ledger.totals(UsageQuery(provider: "openai", grouping: .model))
        #expect(byModel.map(\.key) == ["openai/gpt-6.1-terra", "openai/gpt-6-luna"])
        #expect(byModel.map(\.usage.inputUncached) == [500_000, 250_000])

        let byTag = try await ledger.totals(UsageQuery(grouping: .tag))
        #expect(byTag.map(\.key) == ["team-b", "team-a", "ci"])
        #expect(byTag.map(\.requests) == [1, 2, 1])

        let teamA = try #require(try await ledger.totals(UsageQuery(tag: "team-a")).first)
        #expect(abs(teamA.costUSD - 0.75) < 1e-9)
        #expect(try await ledger.totals(UsageQuery(model: "claude")).first?.requests == 1)
    }

    @Test func totalsSumTheOneHourCacheWritesApartFromTheFiveMinuteOnes() async throws {
        let ledger = try UsageLedger(.memory)
        for (writes, extended) in [(3_000, 2_000), (1_000, 0), (500, 500)] {
            let usage = Usage(inputUncached: 10, inputCacheWrite: writes, inputCacheWriteExtended: extended)
            try await ledger.record(
                LedgerRecord(
                    usage: PricedUsage(
                        provider: "anthropic", model: "claude-opus-5-5", usage: usage,
                        pricing: Pricing(input: 4, output: 20, cacheWrite: 5, cacheWriteExtended: 8),
                        source: .manifest(plugin: "anthropic", version: "1.0.0"))))
        }
        let total = try #require(try await ledger.totals().first)
        #expect(total.usage.inputCacheWrite == 4_500)
        #expect(total.usage.inputCacheWriteExtended == 2_500)
        let expectedCost: Double = (30.0 * 4 + 2_000 * 5 + 2_500 * 8) / 1_000_000
        #expect(abs(total.costUSD - expectedCost) < 1e-12)
    }

    @Test func sinceAndUntilSelectATimeWindow() async throws {
        let ledger = try UsageLedger(.memory)
        let base = Date(timeIntervalSince1970: 1_750_000_000)
        for day in 0..<5 {
            try await ledger.record(Self.record("p", "m", cost: 1, at: base.addingTimeInterval(Double(day) * 86_400)))
        }
        let window = UsageQuery(since: base.addingTimeInterval(86_400), until: base.addingTimeInterval(3 * 86_400))
        #expect(try await ledger.totals(window).first?.requests == 2)
        #expect(try await ledger.spent(since: base.addingTimeInterval(4 * 86_400)) == 1)
    }

    @Test func aFileLedgerKeepsEveryRecordAcrossReopening() async throws {
        let path = try Metering.temporaryLedgerPath()
        defer { TestSupport.removeDirectory((path as NSString).deletingLastPathComponent) }
        do {
            let ledger = try UsageLedger(.file(path))
            try await ledger.record(Self.record("p", "m", cost: 0.125, tags: ["x"]))
        }
        let reopened = try UsageLedger(.file(path))
        #expect(try await reopened.totals(UsageQuery(tag: "x")).first?.costUSD == 0.125)
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func twoIndependentConnectionPoolsWritingOneFileAtOnceLoseNothing() async throws {
        let path = try Metering.temporaryLedgerPath()
        defer { TestSupport.removeDirectory((path as NSString).deletingLastPathComponent) }
        let writers = try [UsageLedger(.file(path)), UsageLedger(.file(path))]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, ledger) in writers.enumerated() {
                for batch in 0..<4 {
                    group.addTask {
                        for item in 0..<50 {
                            try await ledger.record(
                                Self.record(
                                    "writer-\(index)", "m", cost: 0.001, tags: ["batch-\(batch)", "item-\(item)"]))
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let reader = try UsageLedger(.file(path))
        let byProvider = try await reader.totals(UsageQuery(grouping: .provider))
        #expect(byProvider.map(\.requests) == [200, 200])
        #expect(try await reader.totals(UsageQuery(tag: "batch-3")).first?.requests == 100)
    }

    @Test func aLedgerThatCannotBeCreatedSaysWhereAndWhatToDo() throws {
        let error = #expect(throws: UsageLedgerError.self) {
            try UsageLedger(.file("/proc/switchboard-no-such-dir/usage.sqlite"))
        }
        #expect(error?.location == "/proc/switchboard-no-such-dir/usage.sqlite")
        #expect(
            error?.description.hasPrefix(
                "usage ledger /proc/switchboard-no-such-dir/usage.sqlite: cannot open the SQLite database") == true)
        #expect(error?.message.hasSuffix("set `usage.ledger` to another path or to `memory`") == true)
    }

    @Test func aTildePathResolvesAgainstTheGivenHome() throws {
        let home = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeDirectory(home) }
        _ = try UsageLedger(.file("~/.switchboard/usage.sqlite"), homeDirectory: home)
        #expect(FileManager.default.fileExists(atPath: home + "/.switchboard/usage.sqlite"))
    }
}
