public import Foundation
import SwitchboardKit

/// The usage ledger: every metered answer with its tokens, cost and price source, by provider, model and tag.
///
/// It lives in an SQLite file (the default, `~/.switchboard/usage.sqlite`; shared by the processes of one machine), in
/// a PostgreSQL database (a `postgres://` URL; shared by every replica of a fleet), or in memory. Both databases hold
/// the same tables, made by named migrations; `docs/usage-and-cost.md` gives them. A ``record(_:)`` returns once its
/// row is committed.
public final class UsageLedger: Sendable {
    /// Where the ledger lives.
    public let location: SwitchboardConfiguration.UsageTracking.Ledger
    private let store: any LedgerStore

    /// Opens the ledger at `location`; `~/` in a path is the home directory.
    ///
    /// An SQLite file is opened (created when needed) and migrated here. A PostgreSQL ledger connects, and migrates,
    /// when first used: a database that is down makes the operations that need it fail, not this.
    /// - Parameters:
    ///   - durability: what a file ledger's commits survive; by default a power loss.
    ///   - homeDirectory: resolves `~/`; by default `$HOME`.
    /// - Throws: ``UsageLedgerError`` naming the file and what went wrong.
    public init(
        _ location: SwitchboardConfiguration.UsageTracking.Ledger,
        durability: SwitchboardConfiguration.UsageTracking.Durability = .powerLoss,
        homeDirectory: String = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
    ) throws {
        self.location = location
        switch location {
        case .memory:
            store = try SQLiteLedgerStore(path: nil, durability: durability, location: location.description)
        case .file(let written):
            store = try SQLiteLedgerStore(
                path: Self.resolve(written, homeDirectory: homeDirectory), durability: durability,
                location: location.description)
        case .postgres(let address):
            store = PostgresLedgerStore(address)
        }
    }

    /// `path` with a leading `~/` replaced by `homeDirectory`.
    static func resolve(_ path: String, homeDirectory: String) -> String {
        path.hasPrefix("~/") ? ConfigurationLoader.join(homeDirectory, String(path.dropFirst(2))) : path
    }

    /// Appends `record` and its tags; returns once they are committed.
    /// - Returns: the record's id: ids grow in commit order.
    /// - Throws: ``UsageLedgerError`` when the write failed.
    @discardableResult
    public func record(_ record: LedgerRecord) async throws -> Int64 {
        try await store.record(record, releasing: [])
    }

    /// ``record(_:)``, dropping the shared reservations `releasing` in the same transaction.
    func record(_ record: LedgerRecord, releasing: [Int64]) async throws -> Int64 {
        try await store.record(record, releasing: releasing)
    }

    /// The budget reservations every process sharing the ledger sees, when its store keeps them (PostgreSQL); nil
    /// when reservations are this process's own (SQLite, memory).
    var sharedReservations: (any SharedReservations)? { store as? any SharedReservations }

    /// The rate-limit buckets every process sharing the ledger draws from, when its store keeps them (PostgreSQL).
    var sharedRateBuckets: (any SharedRateBuckets)? { store as? any SharedRateBuckets }

    /// The US dollars recorded since `start`, on `provider` and with `tag` when given.
    /// - Throws: ``UsageLedgerError`` when the read failed.
    public func spent(since start: Date, provider: String? = nil, tag: String? = nil) async throws -> Double {
        try await store.spent(since: start, provider: provider, tag: tag, through: nil)
    }

    /// ``spent(since:provider:tag:)`` counting only the records committed up to and including record `last` (ids
    /// grow in commit order, across processes too), when given.
    func spent(since start: Date, provider: String?, tag: String?, through last: Int64?) async throws -> Double {
        try await store.spent(since: start, provider: provider, tag: tag, through: last)
    }

    /// The totals of the records `query` selects, grouped as it asks (largest cost first), or one grand total.
    /// - Throws: ``UsageLedgerError`` when the read failed.
    public func totals(_ query: UsageQuery = UsageQuery()) async throws -> [UsageTotals] {
        try await store.totals(query)
    }

    /// Whether the ledger can be used now: nil, or why not (a PostgreSQL server that cannot be reached, within its
    /// connect timeout), for `/readyz`.
    public func problem() async -> UsageLedgerError? {
        do {
            try await store.checkReachable()
            return nil
        } catch let error as UsageLedgerError {
            return error
        } catch {
            return UsageLedgerError(location: location.description, message: "\(error)")
        }
    }

    /// The cached answer (its JSON) under `key` that has not expired at `now`.
    func cachedResponse(key: String, now: Date) async throws -> String? {
        try await store.cachedResponse(key: key, now: now)
    }

    /// Stores `response` (JSON) under `key` until `expires`, dropping every expired answer.
    func storeResponse(_ response: String, key: String, expires: Date, now: Date) async throws {
        try await store.storeResponse(response, key: key, expires: expires, now: now)
    }
}
