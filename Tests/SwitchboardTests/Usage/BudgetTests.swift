import Foundation
import MetricsTestKit
import Switchboard
import SwitchboardKit
import Synchronization
import Testing

/// Budgets checked before the call: reserve, reconcile, release; local models never blocked; alerts.
@Suite("Budgets")
struct BudgetTests {
    /// 1,000 USD per million tokens: a token costs a tenth of a cent, so small requests reach small limits.
    static let pricey = Metering.candidate("cloud", "big", input: 1000, output: 1000)

    static func meter(
        _ budgets: [SwitchboardConfiguration.Budget],
        ledger: UsageLedger? = nil,
        logs: CapturedLogs = CapturedLogs(),
        metrics: TestMetrics = TestMetrics(),
        clock: @escaping @Sendable () -> Date = { Date() }
    ) throws -> UsageMeter {
        UsageMeter(
            prices: .candidatesOnly, ledger: try ledger ?? UsageLedger(.memory), budgets: budgets, logger: logs.logger,
            metrics: metrics, clock: clock)
    }

    @Test func aRequestThatWouldExceedABlockBudgetFailsBeforeAnyNetworkCall() async throws {
        let provider = ScriptedProvider("cloud", ["big": .answer("never")])
        let registry = ProviderRegistry()
        registry.register(provider)
        let budget = SwitchboardConfiguration.Budget(name: "tiny", period: .day, limitUSD: 0.05, provider: "cloud")
        let executor = StrategyExecutor(registry: registry, meter: try Self.meter([budget]))
        // "Hello there" is at most 35 tokens in (11 bytes, a message's 8, the request's 16), 100 out: 0.135 USD > 0.05.
        let error = await #expect(throws: StrategyError.self) {
            try await executor.complete(Metering.request(), strategy: .auto, candidates: [Self.pricey])
        }
        #expect(provider.log.requests.isEmpty)
        guard case .failure(let failure) = error?.attempts.first?.outcome else {
            Issue.record("expected a failed attempt, got \(String(describing: error?.attempts))")
            return
        }
        #expect(failure.kind == .budgetExceeded)
        #expect(failure.kind.rawValue == "budget_exceeded")
        #expect(failure.message.contains(#"budget "tiny" (0.05 USD per day, provider cloud) would be exceeded"#))
        #expect(failure.message.contains("0 USD spent today, this request up to 0.135 USD; the period resets at"))
    }

    @Test func theEstimateUsesTheModelsMaxOutputWhenTheRequestGivesNone() async throws {
        let candidate = Metering.candidate("cloud", "big", input: 1000, output: 1000, maxOutputTokens: 40)
        let meter = try Self.meter([SwitchboardConfiguration.Budget(name: "b", limitUSD: 0.0745)])
        // 35 in + 40 out = 0.075 USD > 0.0745.
        await #expect(throws: ProviderError.self) {
            try await meter.run(Metering.request(maxOutputTokens: nil), for: candidate) { _ in
                Metering.answer("cloud", Usage(inputUncached: 1))
            }
        }
        let fits = Metering.candidate("cloud", "big", input: 1000, output: 1000, maxOutputTokens: 39)
        let (_, usage) = try await meter.run(Metering.request(maxOutputTokens: nil), for: fits) { _ in
            Metering.answer("cloud", Usage(inputUncached: 3, outputText: 10))
        }
        #expect(abs(usage.costUSD - 0.013) < 1e-12)
    }

    @Test func theReservationUsesTheLongContextTierWhenTheInputCeilingIsOverItsThreshold() async throws {
        // "Hello there" is at most 35 tokens in, 100 out: 0.135 USD at 1,000 per million, 0.27 at the tier's 2,000.
        func candidate(tierAbove threshold: Int) -> RouteCandidate {
            var candidate = Self.pricey
            candidate.model.pricing?.longContext = LongContextPricing(
                aboveInputTokens: threshold, input: 2000, output: 2000)
            return candidate
        }
        let meter = try Self.meter([SwitchboardConfiguration.Budget(name: "b", limitUSD: 0.2)])
        let refused = await #expect(throws: ProviderError.self) {
            try await meter.run(Metering.request(), for: candidate(tierAbove: 34)) { _ in
                Metering.answer("cloud", Usage())
            }
        }
        #expect(refused?.message.contains("this request up to 0.27 USD") == true)
        let (_, usage) = try await meter.run(Metering.request(), for: candidate(tierAbove: 35)) { _ in
            Metering.answer("cloud", Usage(inputUncached: 3, outputText: 7))
        }
        #expect(abs(usage.costUSD - 0.01) < 1e-12)
    }

    @Test func localModelsAreNeverBlockedEvenOverAnExhaustedBudget() async throws {
        let ledger = try UsageLedger(.memory)
        try await ledger.record(
            LedgerRecord(
                usage: PricedUsage(
                    provider: "cloud", model: "big", usage: Usage(inputUncached: 1000),
                    pricing: Pricing(input: 1000, output: 1000),
                    source: .unpriced)))
        let meter = try Self.meter([SwitchboardConfiguration.Budget(name: "all", limitUSD: 0.5)], ledger: ledger)
        await #expect(throws: ProviderError.self) {
            try await meter.run(Metering.request(), for: Self.pricey) { _ in Metering.answer("cloud", Usage()) }
        }
        let local = Metering.candidate("ollama", "llama", local: true)
        let (response, usage) = try await meter.run(Metering.request(), for: local) { _ in
            Metering.answer("ollama", Usage(inputUncached: 5000, outputText: 5000))
        }
        #expect(response.text == "Hi")
        #expect(usage.costUSD == 0)
        #expect(usage.source == .local)
    }

    @Test func reservationsOfRequestsInFlightCountAgainstTheBudgetAndAreReleasedOnFailure() async throws {
        // Each request reserves 0.135 USD; the limit allows one at a time.
        let meter = try Self.meter([SwitchboardConfiguration.Budget(name: "one-at-a-time", limitUSD: 0.15)])
        let gate = AsyncStream<Void>.makeStream()
        let started = AsyncStream<Void>.makeStream()
        let first = Task {
            try await meter.run(Metering.request(), for: Self.pricey) { _ in
                started.continuation.yield()
                for await _ in gate.stream { break }
                throw ProviderError(.server, "boom")
            }
        }
        for await _ in started.stream { break }
        let refused = await #expect(throws: ProviderError.self) {
            try await meter.run(Metering.request(), for: Self.pricey) { _ in Metering.answer("cloud", Usage()) }
        }
        #expect(refused?.kind == .budgetExceeded)
        #expect(refused?.message.contains("0.135 USD reserved by requests in flight") == true)
        gate.continuation.yield()
        await #expect(throws: ProviderError.self) { try await first.value }
        // The failed request's reservation is gone, and it recorded nothing: the next request fits.
        let (_, usage) = try await meter.run(Metering.request(), for: Self.pricey) { _ in
            Metering.answer("cloud", Usage(inputUncached: 3, outputText: 7))
        }
        #expect(abs(usage.costUSD - 0.01) < 1e-12)
        #expect(try await meter.ledger?.totals().first?.requests == 1)
    }

    @Test func theRealCostReplacesTheReservationAfterTheCall() async throws {
        let meter = try Self.meter([SwitchboardConfiguration.Budget(name: "b", limitUSD: 0.2)])
        // Reserves 0.135 but really costs 0.05: the second request (0.05 + 0.135 ≤ 0.2) fits.
        for _ in 0..<2 {
            _ = try await meter.run(Metering.request(), for: Self.pricey) { _ in
                Metering.answer("cloud", Usage(inputUncached: 3, outputText: 47))
            }
        }
        // Now 0.1 spent; 0.1 + 0.135 > 0.2.
        await #expect(throws: ProviderError.self) {
            try await meter.run(Metering.request(), for: Self.pricey) { _ in Metering.answer("cloud", Usage()) }
        }
    }

    @Test func budgetsCountOnlyTheirProviderTagAndPeriod() async throws {
        let now = Date(timeIntervalSince1970: 1_750_000_000)  // 2025-06-15, a Sunday
        let ledger = try UsageLedger(.memory)
        let spend = { (provider: String, tags: [String], time: Date) in
            try await ledger.record(
                LedgerRecord(
                    time: time,
                    usage: PricedUsage(
                        provider: provider, model: "big", usage: Usage(inputUncached: 100),
                        pricing: Pricing(input: 1000, output: 0), source: .unpriced),
                    tags: tags))
        }
        _ = try await spend("cloud", ["team-a"], now)  // 0.1 today
        _ = try await spend("other", ["team-a"], now)  // another provider
        _ = try await spend("cloud", ["team-b"], now)  // another tag
        _ = try await spend("cloud", ["team-a"], now.addingTimeInterval(-86_400 * 20))  // last month
        let budget = SwitchboardConfiguration.Budget(
            name: "a", period: .month, limitUSD: 0.2, provider: "cloud", tag: "team-a")
        let meter = try Self.meter([budget], ledger: ledger, clock: { now })
        // 0.1 spent + 0.135 > 0.2 for team-a on cloud …
        await #expect(throws: ProviderError.self) {
            try await meter.run(Metering.request(tags: ["team-a"]), for: Self.pricey) { _ in
                Metering.answer("cloud", Usage())
            }
        }
        // … but untagged requests and other providers are not counted by it.
        _ = try await meter.run(Metering.request(tags: ["team-c"]), for: Self.pricey) { _ in
            Metering.answer("cloud", Usage())
        }
        _ = try await meter.run(
            Metering.request(tags: ["team-a"]), for: Metering.candidate("other", "big", input: 1000, output: 1000)
        ) { _ in
            Metering.answer("other", Usage())
        }
        #expect(
            SwitchboardConfiguration.Budget.Period.week.start(containing: now)
                == Date(timeIntervalSince1970: 1_749_427_200))  // Mon 9 June
        #expect(
            SwitchboardConfiguration.Budget.Period.month.start(containing: now)
                == Date(timeIntervalSince1970: 1_748_736_000))  // 1 June
        #expect(
            SwitchboardConfiguration.Budget.Period.day.end(containing: now)
                == Date(timeIntervalSince1970: 1_750_032_000))
    }

    @Test func aWarnBudgetLogsAndLetsTheRequestThrough() async throws {
        let logs = CapturedLogs()
        let meter = try Self.meter(
            [SwitchboardConfiguration.Budget(name: "soft", limitUSD: 0.01, action: .warn)], logs: logs)
        let (response, _) = try await meter.run(Metering.request(), for: Self.pricey) { _ in
            Metering.answer("cloud", Usage())
        }
        #expect(response.text == "Hi")
        #expect(
            logs.all.contains { $0.hasPrefix("warning budget \"soft\"") && $0.hasSuffix("continuing (action: warn)") })
    }

    @Test func crossingAnAlertThresholdLogsAndCountsOnce() async throws {
        let logs = CapturedLogs()
        let metrics = TestMetrics()
        let budget = SwitchboardConfiguration.Budget(name: "monthly", limitUSD: 1, alertAt: [0.5, 0.8])
        let meter = try Self.meter([budget], logs: logs, metrics: metrics)
        // Each answer costs 0.3 USD: 0.3, 0.6 (crosses 50 %), 0.9 (crosses 80 %).
        for _ in 0..<3 {
            _ = try await meter.run(Metering.request(maxOutputTokens: 10), for: Self.pricey) { _ in
                Metering.answer("cloud", Usage(inputUncached: 300))
            }
        }
        let alerts = logs.all.filter { $0.contains("passed") }
        #expect(
            alerts == [
                #"warning budget "monthly" passed 50 % of its limit: 0.6 of 1 USD spent this month"#,
                #"warning budget "monthly" passed 80 % of its limit: 0.9 of 1 USD spent this month"#,
            ])
        #expect(
            metrics.counterTotal(
                label: "switchboard_budget_alerts_total", dimensions: [("budget", "monthly"), ("threshold", "0.5")])
                == 1)
        #expect(
            metrics.counterTotal(
                label: "switchboard_budget_alerts_total", dimensions: [("budget", "monthly"), ("threshold", "0.8")])
                == 1)
        let spent = try metrics.expectGauge("switchboard_budget_spent_usd", [("budget", "monthly")])
        #expect(abs((spent.lastValue ?? 0) - 0.9) < 1e-9)
    }

    @Test func concurrentAnswersCrossingAThresholdTogetherAlertOnce() async throws {
        let logs = CapturedLogs()
        let metrics = TestMetrics()
        let budget = SwitchboardConfiguration.Budget(name: "monthly", limitUSD: 1, action: .warn, alertAt: [0.5])
        let meter = try Self.meter([budget], logs: logs, metrics: metrics)
        // 20 answers of 0.1 USD at once, committed in batches: the one whose commit passes 50 % alerts, once.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    _ = try await meter.run(Metering.request(maxOutputTokens: 10), for: Self.pricey) { _ in
                        Metering.answer("cloud", Usage(inputUncached: 100))
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(logs.all.filter { $0.contains("passed 50 %") }.count == 1)
        #expect(
            metrics.counterTotal(
                label: "switchboard_budget_alerts_total", dimensions: [("budget", "monthly"), ("threshold", "0.5")])
                == 1)
    }

    @Test func concurrentRequestsNeverOverspendABlockBudget() async throws {
        // 40 requests at once, each reserving 0.135 and costing 0.1: at most 10 fit in 1.05 USD.
        let ledger = try UsageLedger(.memory)
        let meter = try Self.meter([SwitchboardConfiguration.Budget(name: "b", limitUSD: 1.05)], ledger: ledger)
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    do {
                        _ = try await meter.run(Metering.request(), for: Self.pricey) { _ in
                            try await Task.sleep(for: .milliseconds(5))
                            return Metering.answer("cloud", Usage(inputUncached: 3, outputText: 97))
                        }
                        return true
                    } catch {
                        return false
                    }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        let spent = try await ledger.spent(since: .distantPast)
        #expect(spent <= 1.05)
        #expect(outcomes.filter { $0 }.count == (try await ledger.totals().first?.requests))
        #expect(outcomes.contains(true))
        #expect(outcomes.contains(false))
    }
}
