import GRDB

extension SQLiteLedgerStore {
    /// The ledger's schema as named, ordered GRDB migrations; `docs/usage-and-cost.md` lists them.
    ///
    /// A migration is never edited once released: a schema change is a new migration appended here. A change that a
    /// Switchboard from before the migrator (which reads only `PRAGMA user_version`) would misread also raises
    /// `user_version` above 1, so those releases refuse the file instead.
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: records") { db in
            // A ledger written before the migrator (`PRAGMA user_version = 1`, no `grdb_migrations`) already has
            // every v1 table, created in one transaction: recognise it and keep its rows.
            if try db.tableExists("usage_record") { return }
            try db.execute(
                sql: """
                    CREATE TABLE usage_record (
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
                    CREATE INDEX usage_record_time ON usage_record (time);
                    CREATE INDEX usage_record_provider_time ON usage_record (provider, time);
                    CREATE TABLE usage_tag (
                        record_id INTEGER NOT NULL REFERENCES usage_record (id) ON DELETE CASCADE,
                        tag TEXT NOT NULL,
                        PRIMARY KEY (tag, record_id)
                    ) WITHOUT ROWID;
                    CREATE TABLE response_cache (
                        key TEXT PRIMARY KEY,
                        response TEXT NOT NULL,
                        expires REAL NOT NULL
                    );
                    CREATE INDEX response_cache_expires ON response_cache (expires);
                    PRAGMA user_version = 1;
                    """)
        }
        // A release from before the migrator inserts without these columns and reads the others by name: their
        // defaults keep its rows right, so `user_version` stays 1.
        migrator.registerMigration("v2: cache-write retention and service tier") { db in
            try db.execute(
                sql: """
                    ALTER TABLE usage_record ADD COLUMN input_cache_write_extended INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE usage_record ADD COLUMN service_tier TEXT;
                    """)
        }
        return migrator
    }()

    /// Brings the ledger in `database` to the latest schema, or refuses one written by a newer Switchboard.
    ///
    /// GRDB runs each migration in its own immediate transaction, but reads the applied ones before taking the write
    /// lock: a process that opens a new file together with another may find a migration it was about to run already
    /// applied by the other, and fail on it. The other process's work is the same schema, so a failure is retried while
    /// the applied migrations grow; a failure with no progress by anyone is reported.
    /// - Throws: ``UsageLedgerError`` for a newer ledger; GRDB's error when a migration fails on its own.
    static func migrate(_ database: any DatabaseWriter, location: String) throws {
        try refuseNewerSchema(database, location: location)
        var applied = try database.read { db in try migrator.appliedIdentifiers(db) }
        while true {
            do {
                return try migrator.migrate(database)
            } catch {
                let now = try database.read { db in try migrator.appliedIdentifiers(db) }
                guard now.count > applied.count else { throw error }
                applied = now
            }
        }
    }

    /// Throws when the file holds migrations this Switchboard does not know, or a pre-migrator `user_version` above 1.
    private static func refuseNewerSchema(_ database: any DatabaseWriter, location: String) throws {
        let (superseded, version) = try database.read { db in
            (try migrator.hasBeenSuperseded(db), try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0)
        }
        guard superseded || version > 1 else { return }
        let known = migrator.migrations.joined(separator: ", ")
        throw UsageLedgerError(
            location: location,
            message: "the ledger was written by a newer Switchboard (its schema has migrations or a version beyond "
                + "this Switchboard's, which knows \(known)); upgrade Switchboard or use another ledger file")
    }
}
