import Foundation
import PostgresTestSupport
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

/// The PostgreSQL ledger's database going down and coming back (a relay in front of the real server is cut and
/// restored), under both `usage.on_store_failure` policies: what is served, what is refused with which error, and that
/// every answer given meanwhile is in the ledger afterwards.
@Suite("Usage ledger outages", .serialized, .enabled(if: TestPostgres.url != nil, TestPostgres.howToEnable))
struct LedgerOutageTests {
    /// A budget on requests tagged `team`, far from its limit.
    static let budget = SwitchboardConfiguration.Budget(name: "team", limitUSD: 100, tag: "team")

    /// Runs `body` with a meter on a database of its own reached through a relay, which `body` cuts and restores.
    private static func withMeter(
        _ policy: SwitchboardConfiguration.UsageTracking.StoreFailurePolicy, storeBuffer: Int = 100,
        _ body: (UsageMeter, UsageLedger, DatabaseRelay) async throws -> Void
    ) async throws {
        try await TestPostgres.withDatabase { address in
            let relay = try await DatabaseRelay(to: address)
            // The address's connect timeout (60 s, for a loaded machine) is never waited for: a cut fails the
            // relayed connections at once.
            let relayed = relay.address(for: address)
            let ledger = try UsageLedger(
                .postgres(relayed), storeBuffer: storeBuffer, retryInterval: .milliseconds(20))
            let meter = UsageMeter(
                prices: .candidatesOnly, ledger: ledger, budgets: [budget], onStoreFailure: policy)
            do {
                try await body(meter, ledger, relay)
                await relay.close()
            } catch {
                await relay.close()
                throw error
            }
        }
    }

    /// Sends one request tagged `tags` through `meter`; returns whether the provider was called.
    private static func send(_ meter: UsageMeter, tags: [String] = []) async throws -> Bool {
        let called = Locked(false)
        _ = try await meter.run(Metering.request(tags: tags), for: BudgetTests.pricey) { _ in
            called.withLock { $0 = true }
            return Metering.answer("cloud", Usage(inputUncached: 10, outputText: 5))
        }
        return called.withLock { $0 }
    }

    /// Waits for the outage to end; then every record has been written.
    private static func waitForRecovery(_ ledger: UsageLedger) async -> Bool {
        await eventually(within: .seconds(60)) { await ledger.problem() == nil && ledger.waitingRecords == 0 }
    }

    @Test func failClosedRefusesBudgetedRequestsServesTheRestAndWritesTheirRecordsWhenTheDatabaseReturns() async throws
    {
        try await Self.withMeter(.failClosed) { meter, ledger, relay in
            #expect(try await Self.send(meter, tags: ["team"]))
            #expect(try await Self.send(meter))
            relay.cut()
            // Unbudgeted requests are served; their records wait.
            for _ in 0..<3 { #expect(try await Self.send(meter)) }
            #expect(ledger.waitingRecords == 3)
            let refusal = await #expect(throws: ProviderError.self) { _ = try await Self.send(meter, tags: ["team"]) }
            #expect(refusal?.kind == .unavailable)
            #expect(
                refusal?.message.hasPrefix(
                    "budget \"team\" cannot be checked, so the request is refused (usage.on_store_failure: fail_closed):"
                        + " usage ledger postgres://") == true, "\(refusal!)")
            let problem = await ledger.problem()
            #expect(
                problem?.message.contains("could not record an answer: ") == true,
                "\(String(describing: problem))")
            // In words (a reset or a closed connection, by when the cut is seen): PostgresNIO's wrapped error alone
            // reads "Generic description to prevent accidental leakage".
            #expect(problem?.message.contains("Generic description") == false, "\(String(describing: problem))")

            relay.restore()
            #expect(await Self.waitForRecovery(ledger))
            let totals = try await ledger.totals()
            #expect(totals.first?.requests == 5)
            #expect(try await Self.send(meter, tags: ["team"]))
        }
    }

    @Test func failOpenServesBudgetedRequestsAndTheirCostCountsOnceTheDatabaseReturns() async throws {
        try await Self.withMeter(.failOpen) { meter, ledger, relay in
            #expect(try await Self.send(meter, tags: ["team"]))
            relay.cut()
            for _ in 0..<4 { #expect(try await Self.send(meter, tags: ["team"])) }
            #expect(ledger.waitingRecords == 4)
            relay.restore()
            #expect(await Self.waitForRecovery(ledger))
            // Every answer is in the ledger, with its tag: the budget counts what was spent while it could not check.
            let team = try await ledger.totals(UsageQuery(tag: "team"))
            #expect(team.first?.requests == 5)
            let each = (10.0 * 1000 + 5 * 1000) / 1_000_000
            #expect(abs((try await ledger.spent(since: .distantPast, tag: "team")) - 5 * each) < 1e-9)
        }
    }

    @Test func aFullBufferRefusesNewRequestsUntilTheDatabaseReturnsAndLosesNoRecord() async throws {
        try await Self.withMeter(.failOpen, storeBuffer: 3) { (meter, ledger, relay) async throws in
            #expect(try await Self.send(meter))
            relay.cut()
            for _ in 0..<3 { #expect(try await Self.send(meter)) }
            let refusal = await #expect(throws: ProviderError.self) { _ = try await Self.send(meter) }
            #expect(refusal?.kind == .unavailable)
            #expect(
                refusal?.message.contains(
                    "3 answers wait to be recorded (usage.store_buffer: 3); no request is served until the ledger can be"
                        + " written again") == true, "\(refusal!)")
            #expect(ledger.waitingRecords == 3)
            relay.restore()
            #expect(await Self.waitForRecovery(ledger))
            #expect(try await Self.send(meter))
            #expect(try await ledger.totals().first?.requests == 5)
        }
    }
}
