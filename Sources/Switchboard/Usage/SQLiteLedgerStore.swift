import Foundation
import GRDB
import SwitchboardKit

/// The ledger in SQLite (GRDB): a file shared by every process on the machine that names it, or a database in memory.
///
/// A file is opened in WAL mode with a busy timeout, so several processes may write to it at once, and each
/// ``record(_:)`` is committed when it returns: durable against a power loss with `synchronous = FULL` (the default),
/// against a crash of the process with `NORMAL` (`usage.durability: process`). Records are written by group commit
/// (``LedgerWriter``): concurrent requests share one transaction. The schema is a list of named GRDB migrations
/// (`SQLiteLedgerStore+Schema.swift`).
final class SQLiteLedgerStore: LedgerStore {
    private let database: any DatabaseWriter
    private let writer: LedgerWriter
    private let location: String
    private static let sql = LedgerSQL(dialect: .sqlite)

    /// Opens (creating when needed) the database at `path`, or one in memory when `path` is nil.
    /// - Throws: ``UsageLedgerError`` naming the file and what went wrong.
    init(path: String?, durability: SwitchboardConfiguration.UsageTracking.Durability, location: String) throws {
        self.location = location
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.label = "switchboard.usage"
        do {
            if let path {
                try FileManager.default.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                let synchronous = durability == .powerLoss ? "FULL" : "NORMAL"
                configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = \(synchronous)") }
                database = try DatabasePool(path: path, configuration: configuration)
            } else {
                database = try DatabaseQueue(configuration: configuration)
            }
            try Self.migrate(database, location: location)
        } catch let error as UsageLedgerError {
            throw error
        } catch {
            throw UsageLedgerError(
                location: location,
                message: "cannot open the SQLite database (\(error)); check that the directory is writable, or set "
                    + "`usage.ledger` to another path or to `memory`")
        }
        let database = database
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

    func record(_ record: LedgerRecord, releasing: [Int64]) async throws -> Int64 {
        try await writer.write(record)
    }

    /// Inserts `record` and its tags in the transaction `db` is in; returns the record's id.
    private static func insert(_ record: LedgerRecord, into db: Database) throws -> Int64 {
        let statement = sql.insert([record])
        try db.execute(sql: statement.sql, arguments: arguments(statement))
        let id = db.lastInsertedRowID
        for tag in Set(record.tags) {
            try db.execute(sql: "INSERT INTO usage_tag (record_id, tag) VALUES (?, ?)", arguments: [id, tag])
        }
        return id
    }

    func spent(since start: Date, provider: String?, tag: String?, through last: Int64?) async throws -> Double {
        let statement = Self.sql.spent(UsageQuery(since: start, provider: provider, tag: tag), through: last)
        return try guarded("sum spending") {
            try database.read { db in
                try Double.fetchOne(db, sql: statement.sql, arguments: Self.arguments(statement))
            } ?? 0
        }
    }

    func totals(_ query: UsageQuery) async throws -> [UsageTotals] {
        let statement = Self.sql.totals(query)
        return try guarded("sum usage") {
            try database.read { db in
                try Row.fetchAll(db, sql: statement.sql, arguments: Self.arguments(statement)).map { row in
                    UsageTotals(
                        key: row["key"], requests: row["requests"], hits: row["hits"], estimated: row["estimated"],
                        inputUncached: row["input_uncached"], inputCacheRead: row["input_cache_read"],
                        inputCacheWrite: row["input_cache_write"],
                        inputCacheWriteExtended: row["input_cache_write_extended"], outputText: row["output_text"],
                        outputReasoning: row["output_reasoning"], costUSD: row["cost"])
                }
            }
        }
    }

    func records(after id: Int64, since: Date?, limit: Int) async throws -> [(id: Int64, record: LedgerRecord)] {
        let statement = Self.sql.records(after: id, since: since, limit: limit)
        return try guarded("read records") {
            try database.read { db in
                try Row.fetchAll(db, sql: statement.sql, arguments: Self.arguments(statement)).map { row in
                    let usage = Usage(
                        inputUncached: row["input_uncached"], inputCacheRead: row["input_cache_read"],
                        inputCacheWrite: row["input_cache_write"],
                        inputCacheWriteExtended: row["input_cache_write_extended"], outputText: row["output_text"],
                        outputReasoning: row["output_reasoning"], estimated: row["estimated"],
                        responseCacheHit: row["response_cache_hit"], serviceTier: row["service_tier"])
                    let record = try LedgerRecord(
                        stored: row["time"], provider: row["provider"], model: row["model"], usage: usage,
                        costUSD: row["cost_usd"], priceSource: row["price_source"], responseID: row["response_id"],
                        tags: row["tags"], location: location)
                    return (row["id"], record)
                }
            }
        }
    }

    func cachedResponse(key: String, now: Date) async throws -> String? {
        try guarded("read the response cache") {
            try database.read { db in
                try String.fetchOne(
                    db, sql: "SELECT response FROM response_cache WHERE key = ? AND expires > ?",
                    arguments: [key, now.timeIntervalSince1970])
            }
        }
    }

    func storeResponse(_ response: String, key: String, expires: Date, now: Date) async throws {
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

    /// An open SQLite file is always there.
    func checkReachable() async throws {}

    private static func arguments(_ statement: LedgerSQL.Statement) -> StatementArguments {
        StatementArguments(
            statement.arguments.map { argument -> any DatabaseValueConvertible in
                switch argument {
                case .double(let value): value
                case .text(let value): value
                case .integer(let value): value
                case .null: DatabaseValue.null
                }
            })
    }

    private func guarded<T>(_ what: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as UsageLedgerError {
            throw error
        } catch {
            throw UsageLedgerError(location: location, message: "could not \(what): \(error)")
        }
    }
}
