import Foundation

/// Where a ``UsageLedger`` keeps its records and the response cache's `ledger` store: an SQLite file
/// (``SQLiteLedgerStore``) or a PostgreSQL database (``PostgresLedgerStore``). Both hold the same tables, made by named,
/// ordered migrations, and answer the same queries (``LedgerSQL``).
protocol LedgerStore: Sendable {
    /// Appends `record` and its tags; returns the record's id once they are committed. Ids grow in commit order.
    func record(_ record: LedgerRecord) async throws -> Int64
    /// The US dollars recorded since `start`, on `provider` and with `tag` when given, counting only the records up to
    /// and including record `last` when given.
    func spent(since start: Date, provider: String?, tag: String?, through last: Int64?) async throws -> Double
    /// The totals of the records `query` selects, grouped as it asks (largest cost first), or one grand total.
    func totals(_ query: UsageQuery) async throws -> [UsageTotals]
    /// The cached answer (its JSON) under `key` that has not expired at `now`.
    func cachedResponse(key: String, now: Date) async throws -> String?
    /// Stores `response` (JSON) under `key` until `expires`, dropping every answer expired at `now`.
    func storeResponse(_ response: String, key: String, expires: Date, now: Date) async throws
}
