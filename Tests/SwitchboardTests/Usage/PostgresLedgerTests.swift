import Foundation
import PostgresTestSupport
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

/// The usage ledger in a real PostgreSQL server (the cluster `.ci/postgres` starts), a database of its own per test;
/// one test at a time, so that their connections do not crowd the event loops the suites beside them time I/O on.
@Suite("Usage ledger in PostgreSQL", .serialized, .enabled(if: TestPostgres.url != nil, TestPostgres.howToEnable))
struct PostgresLedgerTests {
    static let migrations = [
        "v1: records", "v2: budget reservations", "v3: rate buckets", "v4: cache-write retention and service tier",
    ]

    @Test func anEmptyDatabaseIsMigratedOnFirstUseAndKeepsWhatIsRecorded() async throws {
        try await TestPostgres.withDatabase { address in
            let ledger = try UsageLedger(.postgres(address))
            let first = try await ledger.record(UsageLedgerTests.record("p", "m", cost: 0.25, tags: ["x", "y"]))
            let second = try await ledger.record(UsageLedgerTests.record("p", "m", cost: 0.5, tags: ["x"]))
            #expect(second > first)
            #expect(
                try await TestPostgres.strings("SELECT name FROM switchboard_migration ORDER BY name", on: address)
                    == Self.migrations
            )
            // Another process opening the same database reads the same rows.
            let other = try UsageLedger(.postgres(address))
            #expect(try await other.totals(UsageQuery(tag: "x")).first?.costUSD == 0.75)
            #expect(try await other.spent(since: .distantPast, tag: "y") == 0.25)
        }
    }

    @Test func extendedCacheWritesAndTheServiceTierAreKept() async throws {
        try await TestPostgres.withDatabase { address in
            let ledger = try UsageLedger(.postgres(address))
            try await ledger.record(UsageLedgerTests.record("p", "m", cost: 0.25))
            try await ledger.record(UsageLedgerMigrationTests.tieredRecord())
            let usages = try await ledger.records().map(\.record.usage.usage)
            #expect(usages.map(\.inputCacheWriteExtended) == [0, 2000])
            #expect(usages.map(\.serviceTier) == [nil, "priority"])
            #expect(usages.last == UsageLedgerMigrationTests.tieredRecord().usage.usage)
        }
    }

    @Test func everyQueryAnswersAsTheSQLiteLedgerDoes() async throws {
        try await TestPostgres.withDatabase { address in
            let postgres = try UsageLedger(.postgres(address))
            let sqlite = try UsageLedger(.memory)
            let base = Date(timeIntervalSince1970: 1_750_000_000)
            let records = [
                UsageLedgerTests.record("openai", "gpt-6.1-terra", cost: 0.5, tags: ["team-a"], at: base),
                UsageLedgerTests.record(
                    "openai", "gpt-6-luna", cost: 0.125, tags: ["team-a", "batch"], at: base + 60),
                UsageLedgerTests.record("anthropic", "claude", cost: 2, tags: ["team-b"], at: base + 86_400),
                UsageLedgerTests.record("anthropic", "claude", cost: 0, at: base + 2 * 86_400, hit: true),
                UsageLedgerTests.record("ollama", "llama", cost: 0, tags: ["team-b"], at: base + 3 * 86_400),
                UsageLedgerMigrationTests.tieredRecord(),
            ]
            for record in records {
                try await postgres.record(record)
                try await sqlite.record(record)
            }
            let queries = [
                UsageQuery(), UsageQuery(grouping: .provider), UsageQuery(grouping: .model),
                UsageQuery(grouping: .tag), UsageQuery(since: base + 30, grouping: .provider),
                UsageQuery(since: base, until: base + 86_400), UsageQuery(provider: "anthropic"),
                UsageQuery(model: "gpt-6-luna"), UsageQuery(tag: "team-b", grouping: .model),
                UsageQuery(provider: "nobody"),
            ]
            for query in queries {
                #expect(try await postgres.totals(query) == (try await sqlite.totals(query)), "\(query)")
            }
            for (provider, tag) in [(nil, nil), ("openai", nil), (nil, "team-a"), ("anthropic", "team-b")] {
                #expect(
                    try await postgres.spent(since: base + 30, provider: provider, tag: tag)
                        == (try await sqlite.spent(since: base + 30, provider: provider, tag: tag)))
            }
        }
    }

    @Test func threeLedgersOpeningOneEmptyDatabaseAtOnceMigrateItOnceAndLoseNoRecord() async throws {
        try await TestPostgres.withDatabase { address in
            let ledgers = try (0..<3).map { _ in try UsageLedger(.postgres(address)) }
            let ids = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for (index, ledger) in ledgers.enumerated() {
                    group.addTask {
                        var ids: [Int64] = []
                        for item in 0..<20 {
                            ids.append(
                                try await ledger.record(
                                    UsageLedgerTests.record("replica-\(index)", "m", cost: 0.001, tags: ["i\(item)"])))
                        }
                        return ids
                    }
                }
                return try await group.reduce(into: [Int64]()) { $0 += $1 }
            }
            #expect(Set(ids).count == 60)
            #expect(
                try await TestPostgres.strings("SELECT name FROM switchboard_migration ORDER BY name", on: address)
                    == Self.migrations
            )
            let byProvider = try await ledgers[0].totals(UsageQuery(grouping: .provider))
            #expect(byProvider.map(\.requests) == [20, 20, 20])
            #expect(try await ledgers[1].totals(UsageQuery(tag: "i7")).first?.requests == 3)
        }
    }

    @Test func theResponseCacheLedgerStoreLivesInTheDatabase() async throws {
        try await TestPostgres.withDatabase { address in
            let now = Date(timeIntervalSince1970: 1_750_000_000)
            let settings = SwitchboardConfiguration.UsageTracking.ResponseCache(enabled: true, store: .ledger)
            let writer = UsageMeter(
                prices: .candidatesOnly, ledger: try UsageLedger(.postgres(address)), cache: settings,
                clock: { now })
            let candidate = Metering.candidate("cloud", "m", input: 1, output: 1)
            _ = try await writer.run(Metering.request(), for: candidate) { _ in
                Metering.answer("cloud", Usage(inputUncached: 3, outputText: 2), text: "from the provider")
            }
            // A second replica finds the answer in the database; two hours later it has expired.
            let reader = UsageMeter(
                prices: .candidatesOnly, ledger: try UsageLedger(.postgres(address)), cache: settings,
                clock: { now + 60 })
            let (hit, usage) = try await reader.run(Metering.request(), for: candidate) { _ in
                Issue.record("the provider was called for a cached answer")
                return Metering.answer("cloud", Usage())
            }
            #expect(hit.text == "from the provider")
            #expect(usage.source == .responseCache)
            let later = UsageMeter(
                prices: .candidatesOnly, ledger: try UsageLedger(.postgres(address)), cache: settings,
                clock: { now + 7_200 })
            let (fresh, _) = try await later.run(Metering.request(), for: candidate) { _ in
                Metering.answer("cloud", Usage(inputUncached: 3, outputText: 2), text: "asked again")
            }
            #expect(fresh.text == "asked again")
        }
    }

    @Test func concurrentRequestsNeverOverspendABlockBudget() async throws {
        try await TestPostgres.withDatabase { address in
            // 40 requests, 16 at a time, each reserving 0.135 and costing 0.1: at most 10 fit in 1.05 USD.
            let ledger = try UsageLedger(.postgres(address))
            let meter = try BudgetTests.meter(
                [SwitchboardConfiguration.Budget(name: "b", limitUSD: 1.05)], ledger: ledger)
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                var outcomes: [Bool] = []
                for index in 0..<40 {
                    if index >= 16, let outcome = try await group.next() { outcomes.append(outcome) }
                    group.addTask {
                        do {
                            _ = try await meter.run(Metering.request(), for: BudgetTests.pricey) { _ in
                                Metering.answer("cloud", Usage(inputUncached: 3, outputText: 97))
                            }
                            return true
                        } catch let error as ProviderError where error.kind == .budgetExceeded {
                            return false
                        }
                    }
                }
                return try await group.reduce(into: outcomes) { $0.append($1) }
            }
            let spent = try await ledger.spent(since: .distantPast)
            #expect(spent <= 1.05)
            #expect(outcomes.filter { $0 }.count == (try await ledger.totals().first?.requests))
            #expect(outcomes.filter { $0 }.count >= 7, "the budget admits requests while it has room")
        }
    }

    @Test func twoReplicasTogetherNeverOverspendABlockBudgetAndLeaveNoReservationBehind() async throws {
        try await TestPostgres.withDatabase { address in
            // Two replicas (a ledger and a meter each) on one database; 40 requests, 16 at a time, alternating between
            // them, each reserving 0.135 and costing 0.1: together at most 10 fit in 1.05 USD.
            let budget = SwitchboardConfiguration.Budget(name: "fleet", limitUSD: 1.05)
            let replicas = try (0..<2).map { _ in
                try BudgetTests.meter([budget], ledger: UsageLedger(.postgres(address)))
            }
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                var outcomes: [Bool] = []
                for index in 0..<40 {
                    if index >= 16, let outcome = try await group.next() { outcomes.append(outcome) }
                    let meter = replicas[index % 2]
                    group.addTask {
                        do {
                            _ = try await meter.run(Metering.request(), for: BudgetTests.pricey) { _ in
                                try await Task.sleep(for: .milliseconds(5))
                                return Metering.answer("cloud", Usage(inputUncached: 3, outputText: 97))
                            }
                            return true
                        } catch let error as ProviderError where error.kind == .budgetExceeded {
                            return false
                        }
                    }
                }
                return try await group.reduce(into: outcomes) { $0.append($1) }
            }
            let ledger = try UsageLedger(.postgres(address))
            #expect(try await ledger.spent(since: .distantPast) <= 1.05)
            #expect(outcomes.filter { $0 }.count == (try await ledger.totals().first?.requests))
            #expect(outcomes.filter { $0 }.count >= 7, "the budget admits requests while it has room")
            #expect(
                try await TestPostgres.strings("SELECT count(*)::text FROM budget_reservation", on: address) == ["0"])
        }
    }

    @Test func aReservationLeftByADeadReplicaHoldsUntilItExpires() async throws {
        try await TestPostgres.withDatabase { address in
            let budget = SwitchboardConfiguration.Budget(name: "fleet", limitUSD: 1.05)
            let meter = try BudgetTests.meter([budget], ledger: UsageLedger(.postgres(address)))
            let call: @Sendable (ChatRequest) async throws -> ChatResponse = { _ in
                Metering.answer("cloud", Usage(inputUncached: 3, outputText: 97))
            }
            _ = try await meter.run(Metering.request(), for: BudgetTests.pricey, call)
            // A replica died holding 0.9 USD, its reservation not yet expired: 0.1 spent + 0.9 + 0.135 > 1.05.
            let later = Date().timeIntervalSince1970 + 300
            try await TestPostgres.run(
                "INSERT INTO budget_reservation (budget, amount, expires) VALUES ('fleet', 0.9, \(later))", on: address)
            let refusal = await #expect(throws: ProviderError.self) {
                _ = try await meter.run(Metering.request(), for: BudgetTests.pricey, call)
            }
            #expect(refusal?.kind == .budgetExceeded)
            #expect(refusal?.message.contains("0.9 USD reserved by requests in flight") == true, "\(refusal!)")
            // Once it has expired it holds nothing.
            try await TestPostgres.run("UPDATE budget_reservation SET expires = 0", on: address)
            _ = try await meter.run(Metering.request(), for: BudgetTests.pricey, call)
        }
    }

    @Test func aFailedCallGivesItsReservationBack() async throws {
        try await TestPostgres.withDatabase { address in
            let meter = try BudgetTests.meter(
                [SwitchboardConfiguration.Budget(name: "fleet", limitUSD: 1.05)],
                ledger: UsageLedger(.postgres(address)))
            await #expect(throws: ProviderError.self) {
                _ = try await meter.run(Metering.request(), for: BudgetTests.pricey) { _ in
                    let held = try await TestPostgres.strings(
                        "SELECT amount::text FROM budget_reservation", on: address)
                    #expect(held == ["0.135"], "the reservation is in the database while the call runs")
                    throw ProviderError(.server, "the provider failed")
                }
            }
            #expect(
                await eventually {
                    (try? await TestPostgres.strings("SELECT count(*)::text FROM budget_reservation", on: address))
                        == ["0"]
                })
        }
    }

    @Test func aSchemaFromANewerSwitchboardIsRefused() async throws {
        try await TestPostgres.withDatabase { address in
            try await UsageLedger(.postgres(address)).record(UsageLedgerTests.record("p", "m", cost: 0.1))
            try await TestPostgres.run(
                "INSERT INTO switchboard_migration (name) VALUES ('v9: the future')", on: address)
            let error = await #expect(throws: UsageLedgerError.self) {
                try await UsageLedger(.postgres(address)).totals()
            }
            #expect(
                error?.message.contains("migrated by a newer Switchboard (it has v9: the future)") == true, "\(error!)")
        }
    }

    @Test func aDatabaseThatCannotBeReachedFailsAtOnceWithWhereAndWhyButNeverThePassword() async throws {
        let closed = try PostgresAddress(
            url: "postgres://switchboard:hunter2@127.0.0.1:1/usage?sslmode=disable&connect_timeout=1")
        let ledger = try UsageLedger(.postgres(closed))
        let error = await #expect(throws: UsageLedgerError.self) {
            try await ledger.record(UsageLedgerTests.record("p", "m", cost: 0.1))
        }
        #expect(
            error?.location == "postgres://switchboard:[redacted]@127.0.0.1:1/usage?sslmode=disable&connect_timeout=1")
        #expect(error?.message.hasPrefix("could not record an answer: cannot reach the database") == true, "\(error!)")
        #expect(error.map { !"\($0)".contains("hunter2") } == true)
        // A budget that cannot be checked refuses the request before any call.
        let meter = try BudgetTests.meter([SwitchboardConfiguration.Budget(name: "b", limitUSD: 10)], ledger: ledger)
        let refusal = await #expect(throws: ProviderError.self) {
            _ = try await meter.run(Metering.request(), for: BudgetTests.pricey) { _ in
                Issue.record("the provider was called though the budget could not be checked")
                return Metering.answer("cloud", Usage())
            }
        }
        #expect(refusal?.kind == .unavailable)
        #expect(
            refusal?.message.hasPrefix(
                "budget \"b\" cannot be checked, so the request is refused (usage.on_store_failure: fail_closed): usage"
                    + " ledger postgres://") == true, "\(refusal!)")
    }

    @Test func wrongCredentialsAreReportedInTheServersWords() async throws {
        var address = try PostgresAddress(url: try #require(TestPostgres.url))
        address.password = "not-the-password"
        address.connectTimeoutSeconds = 1
        let error = await #expect(throws: UsageLedgerError.self) {
            try await UsageLedger(.postgres(address)).totals()
        }
        #expect(error?.message.contains("the server said: password authentication failed") == true, "\(error!)")
        #expect(error.map { !"\($0)".contains("not-the-password") } == true)
    }
}
