import Logging
import PostgresNIO

extension PostgresLedgerStore {
    /// One named step of the PostgreSQL schema: statements run in one transaction.
    struct Migration {
        let name: String
        let statements: [String]
    }

    /// The schema as named, ordered migrations; `docs/usage-and-cost.md` lists them. A migration is never edited once
    /// released: a change is a new migration appended here. The tables match the SQLite ledger's, so one query serves
    /// both (``LedgerSQL``).
    static let migrations = [
        Migration(
            name: "v1: records",
            statements: [
                """
                CREATE TABLE usage_record (
                    id BIGSERIAL PRIMARY KEY,
                    time DOUBLE PRECISION NOT NULL,
                    provider TEXT NOT NULL,
                    model TEXT NOT NULL,
                    input_uncached BIGINT NOT NULL,
                    input_cache_read BIGINT NOT NULL,
                    input_cache_write BIGINT NOT NULL,
                    output_text BIGINT NOT NULL,
                    output_reasoning BIGINT NOT NULL,
                    estimated INTEGER NOT NULL,
                    response_cache_hit INTEGER NOT NULL,
                    cost_usd DOUBLE PRECISION NOT NULL,
                    price_source TEXT NOT NULL,
                    response_id TEXT
                )
                """,
                "CREATE INDEX usage_record_time ON usage_record (time)",
                "CREATE INDEX usage_record_provider_time ON usage_record (provider, time)",
                """
                CREATE TABLE usage_tag (
                    record_id BIGINT NOT NULL REFERENCES usage_record (id) ON DELETE CASCADE,
                    tag TEXT NOT NULL,
                    PRIMARY KEY (tag, record_id)
                )
                """,
                """
                CREATE TABLE response_cache (
                    key TEXT PRIMARY KEY,
                    response TEXT NOT NULL,
                    expires DOUBLE PRECISION NOT NULL
                )
                """,
                "CREATE INDEX response_cache_expires ON response_cache (expires)",
            ]),
        Migration(
            name: "v2: budget reservations",
            statements: [
                """
                CREATE TABLE budget_reservation (
                    id BIGSERIAL PRIMARY KEY,
                    budget TEXT NOT NULL,
                    amount DOUBLE PRECISION NOT NULL,
                    expires DOUBLE PRECISION NOT NULL
                )
                """,
                "CREATE INDEX budget_reservation_budget_expires ON budget_reservation (budget, expires)",
            ]),
        Migration(
            name: "v3: rate buckets",
            statements: [
                """
                CREATE TABLE rate_bucket (
                    name TEXT PRIMARY KEY,
                    level DOUBLE PRECISION NOT NULL,
                    updated DOUBLE PRECISION NOT NULL
                )
                """
            ]),
        Migration(
            name: "v4: cache-write retention and service tier",
            statements: [
                "ALTER TABLE usage_record ADD COLUMN input_cache_write_extended BIGINT NOT NULL DEFAULT 0",
                "ALTER TABLE usage_record ADD COLUMN service_tier TEXT",
            ]),
    ]

    /// The session-level advisory lock migrations run under (a constant of the ledger's own: "swb-migr").
    private static let migrationLock: Int64 = 0x7377_622D_6D69_6772

    /// Brings the database to the latest schema, or refuses one that a newer Switchboard migrated.
    ///
    /// On one connection: take the advisory lock (a replica starting at the same moment waits here), read the applied
    /// migrations from `switchboard_migration`, run each missing one in its own transaction with its row, and let the
    /// lock go. The replica that waited then finds every migration applied.
    /// - Throws: ``UsageLedgerError`` for a newer schema; the database's error otherwise.
    static func migrate(_ client: PostgresClient, logger: Logger, location: String) async throws {
        try await client.withConnection { connection in
            _ = try await connection.query("SELECT pg_advisory_lock(\(migrationLock))", logger: logger).collect()
            do {
                try await applyMissing(on: connection, logger: logger, location: location)
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(migrationLock))", logger: logger)
                    .collect()
                throw error
            }
            _ = try await connection.query("SELECT pg_advisory_unlock(\(migrationLock))", logger: logger).collect()
        }
    }

    private static func applyMissing(on connection: PostgresConnection, logger: Logger, location: String)
        async throws
    {
        _ = try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS switchboard_migration (
                name TEXT PRIMARY KEY,
                applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
            )
            """, logger: logger
        ).collect()
        var applied = Set<String>()
        for row in try await connection.query("SELECT name FROM switchboard_migration", logger: logger).collect() {
            applied.insert(try row.decode(String.self))
        }
        let known = migrations.map(\.name)
        let unknown = applied.subtracting(known)
        guard unknown.isEmpty else {
            throw UsageLedgerError(
                location: location,
                message:
                    "the ledger was migrated by a newer Switchboard (it has \(unknown.sorted().joined(separator: ", ")));"
                    + " this Switchboard knows \(known.joined(separator: ", ")); upgrade Switchboard or use another database"
            )
        }
        for migration in migrations where !applied.contains(migration.name) {
            try await connection.withTransaction(logger: logger) { connection in
                for statement in migration.statements {
                    _ = try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger).collect()
                }
                _ = try await connection.query(
                    "INSERT INTO switchboard_migration (name) VALUES (\(migration.name))", logger: logger
                ).collect()
            }
            logger.info("usage ledger \(location): applied migration \"\(migration.name)\"")
        }
    }
}
