import Foundation
import Logging
import SwitchboardKit

/// What a ``UsageLedger`` does while its store cannot be used (a PostgreSQL server down or out of reach): it holds the
/// records of answers already given, in order, up to a bound, and writes them once the store is back.
///
/// An outage begins with the first operation that fails. From then on nothing waits for the store: records go to the
/// buffer at once, and ``current`` tells the budget guard and the response cache to do without it. One task of its own
/// tries the store every ``retryInterval``: it writes the buffered records oldest first, and the outage ends when the
/// store answers and the buffer is empty. A record the store refuses while it answers other queries (a record it can
/// never take) is logged whole and dropped, so it cannot hold back the rest.
///
/// The buffer's bound is kept at admission (``admit()``): while the outage lasts and `limit` records wait, new requests
/// are refused. Requests admitted before that still add their records, so at most `limit` plus the requests in flight
/// wait; none is dropped. The buffer is in memory: a process killed during an outage loses what it holds.
final class LedgerOutage: Sendable {
    /// A record waiting for the store, with the shared reservations its commit drops.
    struct Pending: Sendable {
        let record: LedgerRecord
        let releasing: [Int64]
    }

    private struct State {
        /// Why the store cannot be used, while an outage lasts.
        var error: UsageLedgerError?
        var pending: [Pending] = []
        /// Whether the recovery task runs.
        var recovering = false
    }

    /// The most records that may wait before new requests are refused.
    let limit: Int
    /// How long the recovery task waits between two tries of the store.
    let retryInterval: Duration
    private let store: any LedgerStore
    private let location: String
    private let logger: Logger
    private let state = Locked(State())

    init(store: any LedgerStore, location: String, limit: Int, retryInterval: Duration, logger: Logger) {
        self.store = store
        self.location = location
        self.limit = limit
        self.retryInterval = retryInterval
        self.logger = logger
    }

    /// Why the store cannot be used, while an outage lasts; nil when it can.
    var current: UsageLedgerError? { state.withLock(\.error) }

    /// How many records wait for the store.
    var waiting: Int { state.withLock(\.pending.count) }

    /// Commits `record` (dropping the shared reservations `releasing`), or keeps it for later when the store cannot
    /// take it now.
    /// - Returns: the record's id, or nil when it waits in the buffer.
    func record(_ record: LedgerRecord, releasing: [Int64]) async -> Int64? {
        let pending = Pending(record: record, releasing: releasing)
        // Behind records that already wait, so that records reach the store in the order their answers were given.
        let queued = state.withLock { state in
            guard state.error != nil || !state.pending.isEmpty else { return false }
            state.pending.append(pending)
            return true
        }
        if queued { return nil }
        do {
            return try await store.record(record, releasing: releasing)
        } catch {
            begin(error, keeping: pending)
            return nil
        }
    }

    /// Starts an outage (or goes on with the one under way) because an operation failed with `error`.
    func begin(_ error: any Error) {
        begin(error, keeping: nil)
    }

    /// Throws when an outage lasts and the buffer is full: a new request's record would have nowhere to go.
    func admit() throws(UsageLedgerError) {
        let (error, count) = state.withLock { ($0.error, $0.pending.count) }
        guard let error, count >= limit else { return }
        throw UsageLedgerError(
            location: location,
            message:
                "\(count) answers wait to be recorded (usage.store_buffer: \(limit)); no request is served until the"
                + " ledger can be written again: \(error.message)")
    }

    private func begin(_ error: any Error, keeping pending: Pending?) {
        let failure =
            error as? UsageLedgerError ?? UsageLedgerError(location: location, message: "\(error)")
        let startRecovery = state.withLock { state in
            if state.error == nil {
                logger.error(
                    "the usage ledger cannot be used; answers are recorded once it can: \(failure.message)",
                    metadata: ["ledger": "\(location)"])
            }
            state.error = failure
            if let pending { state.pending.append(pending) }
            defer { state.recovering = true }
            return !state.recovering
        }
        if startRecovery { Task.detached { await self.recover() } }
    }

    /// Tries the store every ``retryInterval`` until it answers and every waiting record is written.
    private func recover() async {
        while true {
            try? await Task.sleep(for: retryInterval)
            do {
                try await store.checkReachable()
                try await flush()
            } catch {
                state.withLock { $0.error = error as? UsageLedgerError ?? $0.error }
                continue
            }
            let over = state.withLock { state in
                guard state.pending.isEmpty else { return false }
                state.error = nil
                state.recovering = false
                return true
            }
            if over {
                logger.notice("the usage ledger can be used again", metadata: ["ledger": "\(location)"])
                return
            }
        }
    }

    /// Writes the waiting records, oldest first, until none waits.
    /// - Throws: when the store cannot be reached; the record being written stays first in line.
    private func flush() async throws {
        while let next = state.withLock(\.pending.first) {
            do {
                _ = try await store.record(next.record, releasing: next.releasing)
            } catch {
                // Reachable, yet this record is refused: it can never be written. Everything about it goes to the log.
                try await store.checkReachable()
                logger.error(
                    "a usage record the ledger refuses is dropped: \(error)",
                    metadata: [
                        "provider": "\(next.record.usage.provider)", "model": "\(next.record.usage.model)",
                        "time": "\(next.record.time.timeIntervalSince1970)", "cost_usd": "\(next.record.usage.costUSD)",
                        "tags": "\(next.record.tags.joined(separator: ","))",
                    ])
            }
            state.withLock { _ = $0.pending.removeFirst() }
        }
    }
}
