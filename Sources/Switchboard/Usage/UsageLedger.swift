public import Foundation
import Logging
import SwitchboardKit

/// The usage ledger: every metered answer with its tokens, cost and price source, by provider, model and tag.
///
/// It lives in an SQLite file (the default, `~/.switchboard/usage.sqlite`; shared by the processes of one machine), in
/// a PostgreSQL database (a `postgres://` URL; shared by every replica of a fleet), or in memory. Both databases hold
/// the same tables, made by named migrations; `docs/usage-and-cost.md` gives them. A ``record(_:)`` returns once its
/// row is committed.
///
/// While the store cannot be used, the metered path does without it (``LedgerOutage``): answers' records wait in a
/// bounded buffer and are written when it is back.
public final class UsageLedger: Sendable {
    /// Where the ledger lives.
    public let location: SwitchboardConfiguration.UsageTracking.Ledger
    private let store: any LedgerStore
    /// The outage under way, if any, and the records waiting for its end.
    let outage: LedgerOutage

    /// Opens the ledger at `location`; `~/` in a path is the home directory.
    ///
    /// An SQLite file is opened (created when needed) and migrated here. A PostgreSQL ledger connects, and migrates,
    /// when first used: a database that is down makes the operations that need it fail, not this.
    /// - Parameters:
    ///   - durability: what a file ledger's commits survive; by default a power loss.
    ///   - storeBuffer: how many answers' records may wait while the store cannot be written (`usage.store_buffer`).
    ///   - retryInterval: how often the store is tried again while it cannot be used.
    ///   - homeDirectory: resolves `~/`; by default `$HOME`.
    /// - Throws: ``UsageLedgerError`` naming the file and what went wrong.
    public init(
        _ location: SwitchboardConfiguration.UsageTracking.Ledger,
        durability: SwitchboardConfiguration.UsageTracking.Durability = .powerLoss,
        storeBuffer: Int = SwitchboardConfiguration.UsageTracking.defaultStoreBuffer,
        retryInterval: Duration = .seconds(1),
        homeDirectory: String = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
    ) throws {
        self.location = location
        let store: any LedgerStore
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
        self.store = store
        outage = LedgerOutage(
            store: store, location: location.description, limit: storeBuffer, retryInterval: retryInterval,
            logger: Logger(label: "switchboard.usage"))
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

    /// ``record(_:)`` for an answer already given, dropping the shared reservations `releasing` in the same
    /// transaction; while the store cannot be written, the record waits for it (``LedgerOutage``).
    /// - Returns: the record's id, or nil when it waits.
    func record(_ record: LedgerRecord, releasing: [Int64]) async -> Int64? {
        await outage.record(record, releasing: releasing)
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
    /// Throws at once while an outage lasts.
    func spent(since start: Date, provider: String?, tag: String?, through last: Int64?) async throws -> Double {
        try await withoutOutage { try await $0.spent(since: start, provider: provider, tag: tag, through: last) }
    }

    /// The totals of the records `query` selects, grouped as it asks (largest cost first), or one grand total.
    /// - Throws: ``UsageLedgerError`` when the read failed.
    public func totals(_ query: UsageQuery = UsageQuery()) async throws -> [UsageTotals] {
        try await store.totals(query)
    }

    /// The records with ids above `id` (0 for the first), recorded at or after `since` when given, oldest first, at most
    /// `limit`, each with its id: a ledger read page by page, for `switchboard usage export`.
    /// - Throws: ``UsageLedgerError`` when the read failed.
    public func records(after id: Int64 = 0, since: Date? = nil, limit: Int = 1000) async throws -> [(
        id: Int64, record: LedgerRecord
    )] {
        try await store.records(after: id, since: since, limit: limit)
    }

    /// Whether the ledger can be used now: nil, or why not (the outage under way, or a PostgreSQL server that cannot be
    /// reached within its connect timeout), for `/readyz`.
    public func problem() async -> UsageLedgerError? {
        if let current = outage.current { return current }
        do {
            try await store.checkReachable()
            return nil
        } catch let error as UsageLedgerError {
            return error
        } catch {
            return UsageLedgerError(location: location.description, message: "\(error)")
        }
    }

    /// How many answers' records wait for the store to be written.
    public var waitingRecords: Int { outage.waiting }

    /// The cached answer (its JSON) under `key` that has not expired at `now`.
    /// - Throws: at once while an outage lasts.
    func cachedResponse(key: String, now: Date) async throws -> String? {
        try await withoutOutage { try await $0.cachedResponse(key: key, now: now) }
    }

    /// Stores `response` (JSON) under `key` until `expires`, dropping every expired answer.
    /// - Throws: at once while an outage lasts.
    func storeResponse(_ response: String, key: String, expires: Date, now: Date) async throws {
        try await withoutOutage { try await $0.storeResponse(response, key: key, expires: expires, now: now) }
    }

    /// Runs `operation` on the store, unless an outage lasts (then it throws its error at once, without waiting for
    /// the store); a failure begins an outage.
    func withoutOutage<T>(_ operation: (any LedgerStore) async throws -> T) async throws -> T {
        if let current = outage.current { throw current }
        do {
            return try await operation(store)
        } catch {
            outage.begin(error)
            throw error
        }
    }
}
