public import Foundation
import GRDB
import SwitchboardKit

/// The usage ledger: every metered answer with its tokens, cost and price source, by provider, model and tag, in
/// SQLite (GRDB).
///
/// A file ledger is opened in WAL mode with a busy timeout, so several processes may write to one file at once, and
/// each ``record(_:)`` is committed when it returns: durable against a power loss with `synchronous = FULL` (the
/// default), against a crash of the process with `NORMAL` (`usage.durability: process`). Records are written by
/// group commit (`LedgerWriter`): concurrent requests share one transaction. The schema is a list of
/// named GRDB migrations (`UsageLedger+Schema.swift`); `docs/usage-and-cost.md` gives it.
public final class UsageLedger: Sendable {
    /// Where the ledger lives.
    public let location: SwitchboardConfiguration.UsageTracking.Ledger
    private let database: any DatabaseWriter
    private let writer: LedgerWriter

    /// Opens (creating when needed) the ledger at `location`; `~/` in a path is the home directory.
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
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.label = "switchboard.usage"
        do {
            switch location {
            case .memory:
                database = try DatabaseQueue(configuration: configuration)
            case .file(let written):
                let path = Self.resolve(written, homeDirectory: homeDirectory)
                try FileManager.default.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                let synchronous = durability == .powerLoss ? "FULL" : "NORMAL"
                configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = \(synchronous)") }
                database = try DatabasePool(path: path, configuration: configuration)
            }
            try Self.migrate(database, location: location.description)
        } catch let error as UsageLedgerError {
            throw error
        } catch {
            throw UsageLedgerError(
                location: location.description,
                message: "cannot open the SQLite database (\(error)); check that the directory is writable, or set "
                    + "`usage.ledger` to another path or to `memory`")
        }
        let database = database
        let location = location.description
        writer = LedgerWriter { records in
            do {
                return try database.write { db in
                    try records.map { try Self.insert($0, into: db) }
                }
            } catch {
                throw UsageLedgerError(location: location, message: "could not record an answer: \(error)")
            }
        }
    }

    /// `path` with a leading `~/` replaced by `homeDirectory`.
    static func resolve(_ path: String, homeDirectory: String) -> String {
        path.hasPrefix("~/") ? ConfigurationLoader.join(homeDirectory, String(path.dropFirst(2))) : path
    }

    // MARK: - Records

    /// Appends `record` and its tags; returns once they are committed (with the records of concurrent requests, in
    /// one transaction).
    /// - Returns: the record's id: ids grow in commit order.
    /// - Throws: ``UsageLedgerError`` when the write failed.
    @discardableResult
    public func record(_ record: LedgerRecord) async throws -> Int64 {
        try await writer.write(record)
    }

    /// Inserts `record` and its tags in the transaction `db` is in; returns the record's id.
    private static func insert(_ record: LedgerRecord, into db: Database) throws -> Int64 {
        let usage = record.usage.usage
        try db.execute(
            sql: """
                INSERT INTO usage_record (time, provider, model, input_uncached, input_cache_read,
                    input_cache_write, output_text, output_reasoning, estimated, response_cache_hit, cost_usd,
                    price_source, response_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                record.time.timeIntervalSince1970, record.usage.provider, record.usage.model,
                usage.inputUncached, usage.inputCacheRead, usage.inputCacheWrite, usage.outputText,
                usage.outputReasoning, usage.estimated, usage.responseCacheHit, record.usage.costUSD,
                record.usage.source.description, record.responseID,
            ])
        let id = db.lastInsertedRowID
        for tag in Set(record.tags) {
            try db.execute(sql: "INSERT INTO usage_tag (record_id, tag) VALUES (?, ?)", arguments: [id, tag])
        }
        return id
    }

    /// The US dollars recorded since `start`, on `provider` and with `tag` when given.
    /// - Throws: ``UsageLedgerError`` when the read failed.
    public func spent(since start: Date, provider: String? = nil, tag: String? = nil) throws -> Double {
        try spent(since: start, provider: provider, tag: tag, through: nil)
    }

    /// ``spent(since:provider:tag:)`` counting only the records committed up to and including record `last` (ids
    /// grow in commit order, across processes too), when given.
    func spent(since start: Date, provider: String?, tag: String?, through last: Int64?) throws -> Double {
        var (filter, arguments) = Self.filter(UsageQuery(since: start, provider: provider, tag: tag))
        if let last {
            filter += filter.isEmpty ? "WHERE r.id <= ?" : " AND r.id <= ?"
            arguments += [last]
        }
        return try guarded("sum spending") {
            try database.read { db in
                try Double.fetchOne(
                    db, sql: "SELECT TOTAL(cost_usd) FROM usage_record r \(filter)", arguments: arguments)
            } ?? 0
        }
    }

    /// The totals of the records `query` selects, grouped as it asks (largest cost first), or one grand total.
    /// - Throws: ``UsageLedgerError`` when the read failed.
    public func totals(_ query: UsageQuery = UsageQuery()) throws -> [UsageTotals] {
        let (filter, arguments) = Self.filter(query)
        let key: String
        var join = ""
        switch query.grouping {
        case nil: key = "NULL"
        case .provider: key = "r.provider"
        case .model: key = "r.provider || '/' || r.model"
        case .tag:
            key = "t.tag"
            join = "JOIN usage_tag t ON t.record_id = r.id"
        }
        let sql = """
            SELECT \(key) AS key, COUNT(*) AS requests, TOTAL(response_cache_hit) AS hits, TOTAL(estimated) AS estimated,
                TOTAL(input_uncached) AS input_uncached, TOTAL(input_cache_read) AS input_cache_read,
                TOTAL(input_cache_write) AS input_cache_write, TOTAL(output_text) AS output_text,
                TOTAL(output_reasoning) AS output_reasoning, TOTAL(cost_usd) AS cost
            FROM usage_record r \(join) \(filter)
            \(query.grouping == nil ? "" : "GROUP BY key ORDER BY cost DESC, key")
            """
        return try guarded("sum usage") {
            try database.read { db in
                try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                    let estimated = Int(row["estimated"] as Double)
                    return UsageTotals(
                        key: row["key"],
                        requests: row["requests"],
                        responseCacheHits: Int(row["hits"] as Double),
                        estimated: estimated,
                        usage: Usage(
                            inputUncached: Int(row["input_uncached"] as Double),
                            inputCacheRead: Int(row["input_cache_read"] as Double),
                            inputCacheWrite: Int(row["input_cache_write"] as Double),
                            outputText: Int(row["output_text"] as Double),
                            outputReasoning: Int(row["output_reasoning"] as Double),
                            estimated: estimated > 0
                        ),
                        costUSD: row["cost"]
                    )
                }
            }
        }
    }

    /// A `WHERE` clause (on `usage_record r`) and its arguments for `query`'s filters.
    private static func filter(_ query: UsageQuery) -> (String, StatementArguments) {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let since = query.since {
            conditions.append("r.time >= ?")
            arguments += [since.timeIntervalSince1970]
        }
        if let until = query.until {
            conditions.append("r.time < ?")
            arguments += [until.timeIntervalSince1970]
        }
        if let provider = query.provider {
            conditions.append("r.provider = ?")
            arguments += [provider]
        }
        if let model = query.model {
            conditions.append("r.model = ?")
            arguments += [model]
        }
        if let tag = query.tag {
            conditions.append("r.id IN (SELECT record_id FROM usage_tag WHERE tag = ?)")
            arguments += [tag]
        }
        return (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "), arguments)
    }

    // MARK: - Response cache

    /// The cached answer (its JSON) under `key` that has not expired at `now`.
    func cachedResponse(key: String, now: Date) throws -> String? {
        try guarded("read the response cache") {
            try database.read { db in
                try String.fetchOne(
                    db, sql: "SELECT response FROM response_cache WHERE key = ? AND expires > ?",
                    arguments: [key, now.timeIntervalSince1970])
            }
        }
    }

    /// Stores `response` (JSON) under `key` until `expires`, dropping every expired answer.
    func storeResponse(_ response: String, key: String, expires: Date, now: Date) throws {
        try guarded("write the response cache") {
            try database.write { db in
                try db.execute(
                    sql: "DELETE FROM response_cache WHERE expires <= ?", arguments: [now.timeIntervalSince1970])
                try db.execute(
                    sql: "INSERT OR REPLACE INTO response_cache (key, response, expires) VALUES (?, ?, ?)",
                    arguments: [key, response, expires.timeIntervalSince1970])
            }
        }
    }

    private func guarded<T>(_ what: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as UsageLedgerError {
            throw error
        } catch {
            throw UsageLedgerError(location: location.description, message: "could not \(what): \(error)")
        }
    }
}
