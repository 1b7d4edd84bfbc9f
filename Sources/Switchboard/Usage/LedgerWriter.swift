import Dispatch
import SwitchboardKit

/// The ledger's group commit: records from every request go to one writer thread, which commits all that are waiting
/// in one transaction, then wakes each request whose record it committed.
///
/// While one transaction commits (with `synchronous = FULL`, one `fsync` of the write-ahead log), the records that
/// arrive wait and go into the next, so under load one `fsync` serves many requests, and with one request at a time
/// there is no added wait. A request resumes only after its own row is committed: a process killed with `kill -9`
/// never loses a row whose answer was already sent. The writer is a dispatch queue, not a task, so a commit never
/// holds a thread of Swift's cooperative pool.
final class LedgerWriter: Sendable {
    private struct Waiting {
        var records: [(record: LedgerRecord, committed: CheckedContinuation<Int64, any Error>)] = []
        var draining = false
    }

    private let queue = DispatchQueue(label: "switchboard.usage.writer")
    private let waiting = Locked(Waiting())
    private let commit: @Sendable ([LedgerRecord]) throws -> [Int64]

    /// A writer that commits a batch with `commit` (one transaction for all the records it is given, returning their
    /// ids in order).
    init(commit: @escaping @Sendable ([LedgerRecord]) throws -> [Int64]) {
        self.commit = commit
    }

    /// Returns `record`'s id once it is committed.
    /// - Throws: the commit's error when `record` could not be written.
    func write(_ record: LedgerRecord) async throws -> Int64 {
        try await withCheckedThrowingContinuation { (committed: CheckedContinuation<Int64, any Error>) in
            let startDraining = waiting.withLock { waiting in
                waiting.records.append((record, committed))
                defer { waiting.draining = true }
                return !waiting.draining
            }
            if startDraining { queue.async { self.drain() } }
        }
    }

    /// Commits batches until nothing is waiting.
    private func drain() {
        while true {
            let batch = waiting.withLock { waiting in
                defer { waiting.records = [] }
                if waiting.records.isEmpty { waiting.draining = false }
                return waiting.records
            }
            guard !batch.isEmpty else { return }
            do {
                let ids = try commit(batch.map(\.record))
                for (entry, id) in zip(batch, ids) { entry.committed.resume(returning: id) }
            } catch {
                // One bad record must not fail the others: commit each on its own.
                for entry in batch {
                    do {
                        entry.committed.resume(returning: try commit([entry.record])[0])
                    } catch {
                        entry.committed.resume(throwing: error)
                    }
                }
            }
        }
    }
}
