import Foundation
import GRDB
import Switchboard
import SwitchboardKit
import Testing

/// The ledger's schema as named GRDB migrations: a new file, a file written before the migrator, a file from a newer
/// Switchboard, and several connections opening one new file at once.
@Suite("Usage ledger migrations")
struct UsageLedgerMigrationTests {
    /// Every migration this Switchboard knows, in order.
    static let migrations = ["v1: records", "v2: cache-write retention and service tier"]

    /// Writes a ledger exactly as Switchboard did before the migrator (`PRAGMA user_version`, `CREATE … IF NOT
    /// EXISTS`, in one transaction through a WAL `DatabasePool`) with one answer tagged `legacy`.
    static func writeLegacyLedger(at path: String) throws {
        let pool = try DatabasePool(path: path)
        try pool.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS usage_record (
                        id INTEGER PRIMARY KEY,
                        time REAL NOT NULL,
                        provider TEXT NOT NULL,
                        model TEXT NOT NULL,
                        input_uncached INTEGER NOT NULL,
                        input_cache_read INTEGER NOT NULL,
                        input_cache_write INTEGER NOT NULL,
                        output_text INTEGER NOT NULL,
                        output_reasoning INTEGER NOT NULL,
                        estimated INTEGER NOT NULL,
                        response_cache_hit INTEGER NOT NULL,
                        cost_usd REAL NOT NULL,
                        price_source TEXT NOT NULL,
                        response_id TEXT
                    );
                    CREATE INDEX IF NOT EXISTS usage_record_time ON usage_record (time);
                    CREATE INDEX IF NOT EXISTS usage_record_provider_time ON usage_record (provider, time);
                    CREATE TABLE IF NOT EXISTS usage_tag (
                        record_id INTEGER NOT NULL REFERENCES usage_record (id) ON DELETE CASCADE,
                        tag TEXT NOT NULL,
                        PRIMARY KEY (tag, record_id)
                    ) WITHOUT ROWID;
                    CREATE TABLE IF NOT EXISTS response_cache (
                        key TEXT PRIMARY KEY,
                        response TEXT NOT NULL,
                        expires REAL NOT NULL
                    );
                    CREATE INDEX IF NOT EXISTS response_cache_expires ON response_cache (expires);
                    PRAGMA user_version = 1;
                    """)
            try db.execute(
                sql: """
                    INSERT INTO usage_record (time, provider, model, input_uncached, input_cache_read,
                        input_cache_write, output_text, output_reasoning, estimated, response_cache_hit, cost_usd,
                        price_source, response_id)
                    VALUES (1700000000, 'openai', 'gpt-4o', 1000, 0, 0, 20, 0, 0, 0, 0.25, 'manifest openai 1.0.0',
                        'resp-1');
                    INSERT INTO usage_tag (record_id, tag) VALUES (last_insert_rowid(), 'legacy');
                    """)
        }
    }

    /// The migrations applied to the file at `path`, in order, and its `PRAGMA user_version`.
    static func schemaState(at path: String) throws -> (migrations: [String], userVersion: Int) {
        let queue = try DatabaseQueue(path: path)
        return try queue.read { db in
            (
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid"),
                try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            )
        }
    }

    @Test func aNewLedgerRecordsItsNamedMigrations() throws {
        let path = try Metering.temporaryLedgerPath()
        defer { TestSupport.removeDirectory((path as NSString).deletingLastPathComponent) }
        _ = try UsageLedger(.file(path))
        let state = try Self.schemaState(at: path)
        #expect(state.migrations == Self.migrations)
        // Switchboard releases from before the migrator read only `user_version`: 1 tells them the schema is theirs.
        #expect(state.userVersion == 1)
    }

    @Test func aLedgerWrittenBeforeMigrationsOpensKeepsItsRowsAndTakesNewOnes() async throws {
        let path = try Metering.temporaryLedgerPath()
        defer { TestSupport.removeDirectory((path as NSString).deletingLastPathComponent) }
        try Self.writeLegacyLedger(at: path)

        let ledger = try UsageLedger(.file(path))
        let legacy = try #require(try await ledger.totals(UsageQuery(tag: "legacy")).first)
        #expect(legacy.requests == 1)
        #expect(legacy.costUSD == 0.25)
        #expect(legacy.usage.inputUncached == 1000)
        #expect(legacy.usage.outputText == 20)
        #expect(try await ledger.totals(UsageQuery(grouping: .provider)).map(\.key) == ["openai"])

        try await ledger.record(UsageLedgerTests.record("anthropic", "claude", cost: 0.5, tags: ["legacy"]))
        let both = try #require(try await ledger.totals(UsageQuery(tag: "legacy")).first)
        #expect(both.requests == 2)
        #expect(both.costUSD == 0.75)

        let state = try Self.schemaState(at: path)
        #expect(state.migrations == Self.migrations)
        #expect(state.userVersion == 1)
        // Opening it again runs nothing and loses nothing.
        #expect(try await UsageLedger(.file(path)).totals().first?.requests == 2)
    }

    /// A record whose usage has 1-hour cache writes and a service tier, as the Anthropic and OpenAI plugins report them.
    static func tieredRecord() -> LedgerRecord {
        LedgerRecord(
            time: Date(timeIntervalSince1970: 1_800_000_000),
            usage: PricedUsage(
                provider: "anthropic", model: "claude-opus",
                usage: Usage(
                    inputUncached: 10, inputCacheWrite: 3000, inputCacheWriteExtended: 2000, outputText: 5,
                    serviceTier: "priority"),
                pricing: Pricing(input: 5, output: 25, cacheWrite: 6.25, cacheWriteExtended: 10),
                source: .manifest(plugin: "anthropic", version: "1.0.0")),
            tags: ["tiered"])
    }

    @Test func theLedgerKeepsExtendedCacheWritesAndTheServiceTierAndOldRowsReadAsNone() async throws {
        let path = try Metering.temporaryLedgerPath()
        defer { TestSupport.removeDirectory((path as NSString).deletingLastPathComponent) }
        try Self.writeLegacyLedger(at: path)
        // The legacy row's price source in the form Switchboard writes, so that the row reads back as a record.
        try await DatabaseQueue(path: path).write { db in
            try db.execute(sql: "UPDATE usage_record SET price_source = 'manifest:openai@1.0.0'")
        }
        let ledger = try UsageLedger(.file(path))
        try await ledger.record(Self.tieredRecord())

        let records = try await ledger.records().map(\.record)
        #expect(records.count == 2)
        #expect(records[0].usage.usage.inputCacheWriteExtended == 0)
        #expect(records[0].usage.usage.serviceTier == nil)
        #expect(records[1].usage.usage == Self.tieredRecord().usage.usage)
        // The export line carries both and reads back to the same usage; a line from before them still reads.
        let line = records[1].jsonLine
        #expect(line.contains(#""input_cache_write_extended":2000,"service_tier":"priority""#))
        #expect(try LedgerRecord(jsonLine: line).usage.usage == Self.tieredRecord().usage.usage)
        #expect(try LedgerRecord(jsonLine: records[0].jsonLine).usage.usage.serviceTier == nil)
        let bad = line.replacingOccurrences(of: #""service_tier":"priority""#, with: #""service_tier":7"#)
        let error = #expect(throws: LedgerLineError.self) { try LedgerRecord(jsonLine: bad) }
        #expect(error?.description == #""service_tier" must be a string or null, found 7"#)
    }

    @Test func aLedgerWithAMigrationThisSwitchboardDoesNotKnowIsRefused() throws {
        let path = try Metering.temporaryLedgerPath()
        defer { TestSupport.removeDirectory((path as NSString).deletingLastPathComponent) }
        _ = try UsageLedger(.file(path))
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9: from the future')")
        }
        let error = #expect(throws: UsageLedgerError.self) { try UsageLedger(.file(path)) }
        #expect(error?.location == path)
        #expect(
            error?.message
                == "the ledger was written by a newer Switchboard (its schema has migrations or a version beyond this "
                + "Switchboard's, which knows v1: records, v2: cache-write retention and service tier); upgrade "
                + "Switchboard or use another ledger file")
    }

    @Test func aPreMigratorLedgerWithANewerUserVersionIsRefused() throws {
        let path = try Metering.temporaryLedgerPath()
        defer { TestSupport.removeDirectory((path as NSString).deletingLastPathComponent) }
        try Self.writeLegacyLedger(at: path)
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "PRAGMA user_version = 2") }
        let error = #expect(throws: UsageLedgerError.self) { try UsageLedger(.file(path)) }
        #expect(error?.message.hasSuffix("upgrade Switchboard or use another ledger file") == true)
        // Refused, not touched: no migration was recorded.
        let tables = try DatabaseQueue(path: path).read { db in try db.tableExists("grdb_migrations") }
        #expect(!tables)
    }

    @Test func severalConnectionPoolsOpeningOneNewFileAtOnceAllMigrateIt() async throws {
        let path = try Metering.temporaryLedgerPath()
        defer { TestSupport.removeDirectory((path as NSString).deletingLastPathComponent) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<8 {
                group.addTask {
                    let ledger = try UsageLedger(.file(path))
                    try await ledger.record(UsageLedgerTests.record("opener-\(index)", "m", cost: 0.001))
                }
            }
            try await group.waitForAll()
        }
        #expect(try await UsageLedger(.file(path)).totals().first?.requests == 8)
        #expect(try Self.schemaState(at: path).migrations == Self.migrations)
    }
}
