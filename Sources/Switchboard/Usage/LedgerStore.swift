import Foundation

/// Where a ``UsageLedger`` keeps its records and the response cache's `ledger` store: an SQLite file
/// (``SQLiteLedgerStore``) or a PostgreSQL database (``PostgresLedgerStore``). Both hold the same tables, made by named,
/// ordered migrations, and answer the same queries (``LedgerSQL``).
protocol LedgerStore: Sendable {
    /// Appends `record` and its tags, and drops the shared reservations `releasing` (``SharedReservations``) in the
    /// same transaction; returns the record's id once they are committed. Ids grow in commit order.
    func record(_ record: LedgerRecord, releasing: [Int64]) async throws -> Int64
    /// The US dollars recorded since `start`, on `provider` and with `tag` when given, counting only the records up to
    /// and including record `last` when given.
    func spent(since start: Date, provider: String?, tag: String?, through last: Int64?) async throws -> Double
    /// The totals of the records `query` selects, grouped as it asks (largest cost first), or one grand total.
    func totals(_ query: UsageQuery) async throws -> [UsageTotals]
    /// The records with ids above `id`, recorded at or after `since` when given, oldest first, at most `limit`, each
    /// with its id.
    func records(after id: Int64, since: Date?, limit: Int) async throws -> [(id: Int64, record: LedgerRecord)]
    /// The cached answer (its JSON) under `key` that has not expired at `now`.
    func cachedResponse(key: String, now: Date) async throws -> String?
    /// Stores `response` (JSON) under `key` until `expires`, dropping every answer expired at `now`.
    func storeResponse(_ response: String, key: String, expires: Date, now: Date) async throws
    /// Throws when the store cannot be used now (a database that cannot be reached), saying why.
    func checkReachable() async throws
}

/// A store whose budget reservations live in the database, so that every replica sharing it sees every other's
/// (``PostgresLedgerStore``): checking a budget and reserving on it are one transaction, serialised per budget.
protocol SharedReservations: Sendable {
    /// Reads, for each of `budgets` in one transaction holding each budget's lock, the spending since the budget's
    /// period start and the USD its unexpired reservations hold; hands them to `decide`, which throws to refuse; then
    /// stores a reservation of `amount` on each budget, expiring at `expires`, and commits.
    /// - Returns: the stored reservations' ids, for ``LedgerStore/record(_:releasing:)`` or ``release(_:)``.
    func reserve(
        _ amount: Double, on budgets: [BudgetWindow], expires: Date,
        decide: @escaping @Sendable ([(spent: Double, reserved: Double)]) throws -> Void
    ) async throws -> [Int64]
    /// Drops the reservations `ids`: their request failed, and no record will carry their cost.
    func release(_ ids: [Int64]) async throws
}

/// What a budget counts: its name, the start of its current period, and its provider and tag filters.
struct BudgetWindow: Sendable {
    let name: String
    let since: Date
    let provider: String?
    let tag: String?
}

/// Token buckets every process sharing the store draws from (``PostgresLedgerStore``): the gateway keys'
/// `requests_per_minute`, held for a fleet of replicas.
protocol SharedRateBuckets: Sendable {
    /// Takes up to `count` whole tokens from bucket `name` (holding at most `capacity`, refilled by `capacity` a minute,
    /// full when first used), as of `now`.
    /// - Returns: the tokens taken (0 when the bucket holds less than one), and how long until it holds one when none
    ///   were.
    func take(_ count: Int, from name: String, capacity: Int, now: Date) async throws -> (taken: Int, wait: Duration)
}
