import SwitchboardKit

extension SwitchboardConfiguration {
    /// The `usage` section: whether requests are metered, where the usage ledger lives, and the response cache.
    public struct UsageTracking: Sendable, Equatable {
        /// Meter every request: price it, record it in the ledger and enforce `budgets`. Default: `true`.
        public var enabled: Bool
        /// Where the ledger is kept. Default: `~/.switchboard/usage.sqlite`.
        public var ledger: Ledger
        /// The exact-match response cache. Default: off.
        public var cache: ResponseCache
        /// What a file ledger's committed records survive. Default: ``Durability/powerLoss``.
        public var durability: Durability
        /// What is served while the ledger cannot be used. Default: ``StoreFailurePolicy/failClosed``.
        public var onStoreFailure: StoreFailurePolicy
        /// How many answers' records may wait while the ledger cannot be written; then no request is served until it
        /// can. Default: ``defaultStoreBuffer``.
        public var storeBuffer: Int

        /// `usage.store_buffer`'s default: 10,000 records (a few MB).
        public static let defaultStoreBuffer = 10_000

        /// Creates the section; every argument has the documented default.
        public init(
            enabled: Bool = true, ledger: Ledger = .defaultFile, cache: ResponseCache = ResponseCache(),
            durability: Durability = .powerLoss, onStoreFailure: StoreFailurePolicy = .failClosed,
            storeBuffer: Int = defaultStoreBuffer
        ) {
            self.enabled = enabled
            self.ledger = ledger
            self.cache = cache
            self.durability = durability
            self.onStoreFailure = onStoreFailure
            self.storeBuffer = storeBuffer
        }

        /// What the host serves while the ledger cannot be used (a PostgreSQL server down or out of reach). Under both,
        /// answers given meanwhile are recorded when the ledger is back (up to ``storeBuffer`` of them), and requests
        /// that no budget counts are served.
        public enum StoreFailurePolicy: String, Sendable, Hashable, CaseIterable {
            /// Refuse a request that a budget counts (503, `unavailable`): its budget cannot be checked.
            case failClosed = "fail_closed"
            /// Serve it: budgets are not enforced until the ledger is back, and what was spent meanwhile counts then.
            case failOpen = "fail_open"
        }

        /// What a file ledger's committed records survive (SQLite's `synchronous` setting in WAL mode).
        public enum Durability: String, Sendable, Hashable, CaseIterable {
            /// A crash of the machine or a power loss too (`synchronous = FULL`): every commit waits for an `fsync`,
            /// which concurrent requests share (group commit) but a lone request always pays.
            case powerLoss = "power_loss"
            /// A crash or `kill -9` of the process, not of the machine (`synchronous = NORMAL`): a commit is a write
            /// to the operating system; the last commits before a power loss can be lost.
            case process
        }

        /// Where the usage ledger is kept.
        public enum Ledger: Sendable, Hashable, CustomStringConvertible {
            /// An SQLite database at this path (`~/` is the home directory), shared by every process on the machine
            /// that names it.
            case file(String)
            /// A PostgreSQL database, shared by every process, on any machine, that names it.
            case postgres(PostgresAddress)
            /// In this process's memory only: nothing survives it and no other process sees it (for tests).
            case memory

            /// `~/.switchboard/usage.sqlite`.
            public static let defaultFile = Ledger.file("~/.switchboard/usage.sqlite")

            /// The path, the PostgreSQL URL without its password, or `memory`.
            public var description: String {
                switch self {
                case .file(let path): path
                case .postgres(let address): address.description
                case .memory: "memory"
                }
            }
        }

        /// The `usage.cache` settings.
        public struct ResponseCache: Sendable, Equatable {
            /// Answer a request that exactly repeats an earlier one from the cache. Default: `false`.
            public var enabled: Bool
            /// How long an answer stays in the cache, in seconds (≥ 1). Default: `3600`.
            public var ttlSeconds: Int
            /// Where cached answers are kept. Default: `memory`.
            public var store: Store
            /// The most answers the in-memory store keeps; the oldest go first. Default: `1000`.
            public var maxEntries: Int

            /// Creates the settings; every argument has the documented default.
            public init(enabled: Bool = false, ttlSeconds: Int = 3600, store: Store = .memory, maxEntries: Int = 1000) {
                self.enabled = enabled
                self.ttlSeconds = ttlSeconds
                self.store = store
                self.maxEntries = maxEntries
            }

            /// Where cached answers are kept.
            public enum Store: String, Sendable, Hashable, CaseIterable {
                /// In this process's memory.
                case memory
                /// In the ledger's SQLite database, shared by every process using it.
                case ledger
            }
        }
    }
}

extension SwitchboardConfiguration.UsageTracking {
    /// The `usage` section's keys, each declared once.
    package static let schema = ConfigurationSchema<Self>(
        "usage", what: "usage settings",
        doc: ["Usage metering: every answer is priced and recorded in the usage ledger, and budgets are enforced."],
        defaults: Self(),
        keys: [
            .boolean(
                "enabled", \.enabled,
                doc: "Price, record and budget every request the host's executor makes; `false` only prices answers"
                    + " (and forbids `budgets`)."),
            ConfigurationKey(
                "ledger", type: "string",
                doc: "The usage ledger: an SQLite file, shared by every process on the machine that names it (a"
                    + " relative path resolves against the configuration file's directory); a PostgreSQL URL"
                    + " (`postgres://user:${PGPASSWORD}@host:5432/db?sslmode=require`), shared by every replica that"
                    + " names it; or `memory`, kept in the process only.",
                read: { reader, usage in
                    guard let value = reader.string() else { return }
                    if value == "memory" {
                        usage.ledger = .memory
                    } else if value.isEmpty {
                        reader.fail(
                            .invalidValue, "expected a file path, a postgres:// URL or `memory`, found an empty string")
                    } else if PostgresAddress.isPostgresURL(value) {
                        Self.readPostgres(value, reader: reader, into: &usage)
                    } else if let scheme = value.firstRange(of: "://").map({ value[..<$0.lowerBound].lowercased() }) {
                        // A URL is never a file path (it would create a directory named after its scheme).
                        reader.fail(
                            .invalidValue,
                            "expected a file path, a postgres:// URL or `memory`, found the \(scheme) URL "
                                + "\"\(SecretPolicy.redactingURL(value))\"")
                    } else {
                        usage.ledger = .file(reader.resolvedPath(value, keepingHome: true))
                    }
                },
                render: { .string($0.ledger.description) }),
            .section(
                "cache", \.cache, ResponseCache.schema,
                doc: "An exact-match response cache: a repeated request is answered without calling the provider."),
            .enumeration(
                "durability", \.durability, what: "durability",
                doc: "What a file ledger's committed records survive: `power_loss` (an `fsync` per commit, shared by"
                    + " concurrent requests) or `process` (a crash or `kill -9` of the process, not a power loss;"
                    + " no `fsync`)."),
            .enumeration(
                "on_store_failure", \.onStoreFailure, what: "store failure policy",
                doc: "While the ledger cannot be used (a PostgreSQL server down): `fail_closed` refuses requests a"
                    + " budget counts (503) and serves the rest; `fail_open` serves every request, budgets unenforced"
                    + " until the ledger is back. Under both, records wait in memory and are written when it is."),
            .integer(
                "store_buffer", \.storeBuffer, minimum: 1,
                doc: "How many answers' records may wait while the ledger cannot be written; when that many wait, no"
                    + " request is served until it can (none is dropped)."),
        ])
}

extension SwitchboardConfiguration.UsageTracking.ResponseCache {
    /// The `usage.cache` keys.
    package static let schema = ConfigurationSchema<Self>(
        "usage.cache", what: "response cache settings", doc: [], defaults: Self(),
        keys: [
            .boolean(
                "enabled", \.enabled,
                doc: "Answer a request that exactly repeats an earlier one from the cache (free, recorded as a hit)."),
            .integer("ttl_seconds", \.ttlSeconds, minimum: 1, doc: "How long an answer stays cached, in seconds."),
            .enumeration(
                "store", \.store, what: "cache store",
                doc: "`memory` (this process) or `ledger` (the ledger's database, shared by processes)."),
            .integer("max_entries", \.maxEntries, minimum: 1, doc: "The most answers the memory store keeps."),
        ])
}

extension SwitchboardConfiguration.UsageTracking {
    /// Reads `usage.ledger`'s PostgreSQL URL `value`, or reports what is wrong with it (never its password).
    fileprivate static func readPostgres(_ value: String, reader: ConfigurationReader, into usage: inout Self) {
        do {
            usage.ledger = .postgres(try PostgresAddress(url: value))
        } catch {
            reader.fail(.invalidValue, error.description)
        }
    }
}
