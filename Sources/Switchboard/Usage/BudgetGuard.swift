import Foundation
import Logging
import Metrics
import SwitchboardKit

/// Enforces the configured budgets against the ledger: reserves a request's estimated cost before the call,
/// replaces it with the real cost after, releases it on failure, and raises alerts at the budgets' thresholds.
///
/// Reservations live in this process (every concurrent request sees the others'); spending comes from the ledger, so
/// it includes every process writing to it. A check reads spending first, then decides and reserves under one lock.
/// A request's reservation gives way only after its record is committed, and a check whose read began before that
/// commit still counts the reservation (a settled reservation is kept while such a read is in flight), so no check
/// ever misses a cost; at worst it counts one twice (a conservative error, never a permissive one). A threshold
/// alerts for the record whose commit took spending across it: spending up to that record, in commit order, is read
/// by the record's id.
final class BudgetGuard: Sendable {
    /// A request's claim on its budgets.
    struct Reservation: Sendable {
        let id: UInt64
        let amount: Double
        let budgets: [String]
        /// The reservation's rows in a shared store (PostgreSQL), one per budget; empty when it lives in this process.
        var stored: [Int64] = []
    }

    /// How long a reservation in a shared store holds its amount when its request never settles or releases it (the
    /// replica that made it died): 10 minutes, longer than any request may run by default.
    static let sharedReservationLifetime: TimeInterval = 600

    private struct State {
        var nextID: UInt64 = 0
        var reservations: [UInt64: Reservation] = [:]
        /// How many records have been committed and settled.
        var settledCount: UInt64 = 0
        /// Reservations settled while a check's read was in flight, by the ``settledCount`` their settling made.
        var settled: [(count: UInt64, reservation: Reservation)] = []
        /// The checks reading spending, by the ``settledCount`` when each began.
        var readers: [UInt64: Int] = [:]

        /// The USD held on `budget` for a check whose read began at `readFrom`: every reservation in flight, and every
        /// one settled since (its record may have been committed after the read).
        func reserved(for budget: String, readFrom: UInt64) -> Double {
            let open = reservations.values.reduce(0) { $0 + ($1.budgets.contains(budget) ? $1.amount : 0) }
            return settled.reduce(open) {
                $0 + ($1.count > readFrom && $1.reservation.budgets.contains(budget) ? $1.reservation.amount : 0)
            }
        }

        /// Drops the settled reservations no read in flight can have missed.
        mutating func prune() {
            guard let oldest = readers.keys.min() else {
                settled = []
                return
            }
            settled.removeAll { $0.count <= oldest }
        }
    }

    private let budgets: [SwitchboardConfiguration.Budget]
    private let ledger: UsageLedger
    private let onStoreFailure: SwitchboardConfiguration.UsageTracking.StoreFailurePolicy
    private let logger: Logger
    private let metrics: any MetricsFactory
    private let state = Locked(State())

    init(
        budgets: [SwitchboardConfiguration.Budget], ledger: UsageLedger,
        onStoreFailure: SwitchboardConfiguration.UsageTracking.StoreFailurePolicy, logger: Logger,
        metrics: any MetricsFactory
    ) {
        self.budgets = budgets
        self.ledger = ledger
        self.onStoreFailure = onStoreFailure
        self.logger = logger
        self.metrics = metrics
    }

    /// The budgets that count a request to `provider` with `tags`.
    private func applicable(provider: String, tags: [String]) -> [SwitchboardConfiguration.Budget] {
        budgets.filter { budget in
            (budget.provider == nil || budget.provider == provider) && (budget.tag.map(tags.contains) ?? true)
        }
    }

    /// Reserves `estimate` USD on every budget that counts the request; nil when nothing needs reserving (a free
    /// request, or no budget applies, or the ledger cannot be used under `usage.on_store_failure: fail_open`).
    /// - Throws: `budget_exceeded` when a `block` budget's spending, reservations and `estimate` together exceed its
    ///   limit; a `warn` budget logs a warning instead. `unavailable` when the ledger cannot be used under
    ///   `usage.on_store_failure: fail_closed`.
    func reserve(_ estimate: Double, provider: String, tags: [String], now: Date) async throws -> Reservation? {
        let budgets = applicable(provider: provider, tags: tags)
        guard estimate > 0, !budgets.isEmpty else { return nil }
        do {
            if let current = ledger.outage.current { throw current }
            if let shared = ledger.sharedReservations {
                return try await reserveShared(shared, estimate, budgets, provider: provider, now: now)
            }
            return try await reserveLocally(estimate, budgets, provider: provider, now: now)
        } catch let error as UsageLedgerError {
            ledger.outage.begin(error)
            let names = budgets.map { "\"\($0.name)\"" }.joined(separator: ", ")
            guard onStoreFailure == .failOpen else {
                throw ProviderError(
                    .unavailable,
                    "budget \(names) cannot be checked, so the request is refused (usage.on_store_failure: fail_closed):"
                        + " \(error)", provider: provider)
            }
            // The outage is logged once, where it began; each request it lets through unchecked is counted.
            logger.debug("budget \(names) cannot be checked; serving the request (usage.on_store_failure: fail_open)")
            for budget in budgets {
                Counter(
                    label: "switchboard_budget_unchecked_total", dimensions: [("budget", budget.name)], factory: metrics
                ).increment()
            }
            return nil
        }
    }

    /// ``reserve(_:provider:tags:now:)`` with reservations in this process: spending read from the ledger, then the
    /// check and the reservation under one lock.
    private func reserveLocally(
        _ estimate: Double, _ budgets: [SwitchboardConfiguration.Budget], provider: String, now: Date
    ) async throws -> Reservation {
        let readFrom = state.withLock { state in
            state.readers[state.settledCount, default: 0] += 1
            return state.settledCount
        }
        defer {
            state.withLock { state in
                state.readers[readFrom, default: 1] -= 1
                if state.readers[readFrom] == 0 { state.readers[readFrom] = nil }
                state.prune()
            }
        }
        var spending: [Double] = []
        for budget in budgets {
            spending.append(
                try await ledger.spent(
                    since: budget.period.start(containing: now), provider: budget.provider, tag: budget.tag,
                    through: nil))
        }
        return try state.withLock { state in
            let readings = spending.enumerated().map { index, spent in
                (spent: spent, reserved: state.reserved(for: budgets[index].name, readFrom: readFrom))
            }
            try judge(estimate, budgets, readings, provider: provider, now: now)
            state.nextID += 1
            let reservation = Reservation(id: state.nextID, amount: estimate, budgets: budgets.map(\.name))
            state.reservations[reservation.id] = reservation
            return reservation
        }
    }

    /// ``reserve(_:provider:tags:now:)`` in a store every replica shares: the check and the reservation are one
    /// transaction holding each budget's lock, so replicas together never admit more than the budget allows.
    private func reserveShared(
        _ shared: any SharedReservations, _ estimate: Double, _ budgets: [SwitchboardConfiguration.Budget],
        provider: String, now: Date
    ) async throws -> Reservation {
        let windows = budgets.map {
            BudgetWindow(name: $0.name, since: $0.period.start(containing: now), provider: $0.provider, tag: $0.tag)
        }
        let stored = try await shared.reserve(
            estimate, on: windows, expires: Date().addingTimeInterval(Self.sharedReservationLifetime)
        ) { readings in
            try self.judge(estimate, budgets, readings, provider: provider, now: now)
        }
        return Reservation(id: 0, amount: estimate, budgets: budgets.map(\.name), stored: stored)
    }

    /// Decides a request of `estimate` USD on `budgets`, given each one's spending and what is reserved on it: logs a
    /// warning for each `warn` budget it would take past its limit, and throws `budget_exceeded` naming every `block`
    /// budget it would.
    private func judge(
        _ estimate: Double, _ budgets: [SwitchboardConfiguration.Budget],
        _ readings: [(spent: Double, reserved: Double)], provider: String, now: Date
    ) throws {
        var refusals: [String] = []
        for (budget, reading) in zip(budgets, readings) {
            guard reading.spent + reading.reserved + estimate > budget.limitUSD else { continue }
            let message = Self.describe(
                budget, spent: reading.spent, reserved: reading.reserved, estimate: estimate, now: now)
            if budget.action == .block {
                refusals.append(message)
                Counter(
                    label: "switchboard_budget_blocked_total", dimensions: [("budget", budget.name)], factory: metrics
                )
                .increment()
            } else {
                logger.warning("\(message); continuing (action: warn)", metadata: ["budget": "\(budget.name)"])
            }
        }
        if !refusals.isEmpty {
            throw ProviderError(.budgetExceeded, refusals.joined(separator: "; "), provider: provider)
        }
    }

    /// Records `record` in the ledger, then settles `reservation` and raises the alerts whose thresholds the record
    /// crossed. While the ledger cannot be written, the record waits for it and the reservation is released (a
    /// shared one is dropped when the record is written).
    func settle(_ reservation: Reservation?, record: LedgerRecord) async {
        guard let id = await ledger.record(record, releasing: reservation?.stored ?? []) else {
            if let reservation, reservation.stored.isEmpty {
                _ = state.withLock { $0.reservations.removeValue(forKey: reservation.id) }
            }
            return
        }
        state.withLock { state in
            state.settledCount += 1
            guard let reservation, state.reservations.removeValue(forKey: reservation.id) != nil else { return }
            if !state.readers.isEmpty { state.settled.append((state.settledCount, reservation)) }
        }
        guard record.usage.costUSD > 0 else { return }
        for budget in applicable(provider: record.usage.provider, tags: record.tags) {
            await alert(budget, record: id, cost: record.usage.costUSD, now: record.time)
        }
    }

    /// Drops `reservation`: the call failed or was cancelled, so no record will carry its cost.
    ///
    /// A shared reservation's rows are deleted by a task of their own, which the request's cancellation does not
    /// stop; if that fails too, they expire (``sharedReservationLifetime``).
    func release(_ reservation: Reservation?) {
        guard let reservation else { return }
        if !reservation.stored.isEmpty, let shared = ledger.sharedReservations {
            let logger = logger
            Task.detached {
                do {
                    try await shared.release(reservation.stored)
                } catch {
                    logger.warning("a budget reservation could not be released; it expires on its own: \(error)")
                }
            }
            return
        }
        _ = state.withLock { $0.reservations.removeValue(forKey: reservation.id) }
    }

    /// Reports `budget`'s spending as a gauge, and logs and counts each of its thresholds that record `id`, of `cost`,
    /// took spending across.
    private func alert(_ budget: SwitchboardConfiguration.Budget, record id: Int64, cost: Double, now: Date) async {
        let start = budget.period.start(containing: now)
        if let spent = try? await ledger.spent(since: start, provider: budget.provider, tag: budget.tag) {
            Gauge(label: "switchboard_budget_spent_usd", dimensions: [("budget", budget.name)], factory: metrics)
                .record(spent)
        }
        guard budget.limitUSD > 0, !budget.alertAt.isEmpty,
            let after = try? await ledger.spent(
                since: start, provider: budget.provider, tag: budget.tag, through: id)
        else { return }
        let before = after - cost
        // Sums of floating-point costs land a hair off the line (5 × 0.1 is 0.49999999999999994): a threshold counts
        // as reached within a nano-dollar, so the answer that brings spending to it alerts, and the next does not.
        let crossed = budget.alertAt.filter { threshold in
            let line = threshold * budget.limitUSD - 1e-9
            return before < line && after >= line
        }
        for threshold in crossed {
            let percent = (threshold * 100).percentText
            logger.warning(
                "budget \"\(budget.name)\" passed \(percent) % of its limit: \(after.dollars) of \(budget.limitUSD.dollars) USD spent \(budget.period.phrase)",
                metadata: ["budget": "\(budget.name)", "threshold": "\(threshold)", "spent_usd": "\(after)"])
            Counter(
                label: "switchboard_budget_alerts_total",
                dimensions: [("budget", budget.name), ("threshold", "\(threshold)")],
                factory: metrics
            ).increment()
        }
    }

    private static func describe(
        _ budget: SwitchboardConfiguration.Budget, spent: Double, reserved: Double, estimate: Double, now: Date
    ) -> String {
        var scope =
            "\(budget.limitUSD.dollars) USD \(budget.period == .total ? "in total" : "per \(budget.period.rawValue)")"
        if let provider = budget.provider { scope += ", provider \(provider)" }
        if let tag = budget.tag { scope += ", tag \(tag)" }
        var message =
            "budget \"\(budget.name)\" (\(scope)) would be exceeded: \(spent.dollars) USD spent \(budget.period.phrase)"
        if reserved > 0 { message += ", \(reserved.dollars) USD reserved by requests in flight" }
        message += ", this request up to \(estimate.dollars) USD"
        if let end = budget.period.end(containing: now) {
            message += "; the period resets at \(end.formatted(.iso8601))"
        }
        return message
    }
}

extension Double {
    /// Dollars with up to four decimals (a request often costs a fraction of a cent), without trailing zeros.
    var dollars: String {
        guard isFinite else { return String(self) }
        let scaled = (self * 10_000).rounded() / 10_000
        var text = String(format: "%.4f", scaled)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// A number with up to two decimals, without trailing zeros (`80`, `62.5`).
    var percentText: String {
        let scaled = (self * 100).rounded() / 100
        return scaled.rounded() == scaled ? String(Int64(scaled)) : String(scaled)
    }
}
