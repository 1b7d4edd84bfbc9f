extension SwitchboardConfiguration {
    /// The `usage` section: whether requests are metered, where the usage ledger lives, and the response cache.
    public struct UsageTracking: Sendable, Equatable {
        /// Meter every request: price it, record it in the ledger and enforce `budgets`. Default: `true`.
        public var enabled: Bool
        /// Where the ledger is kept. Default: `~/.switchboard/usage.sqlite`.
        public var ledger: Ledger
        /// The exact-match response cache. Default: off.
        public var cache: ResponseCache

        /// Creates the section; every argument has the documented default.
        public init(enabled: Bool = true, ledger: Ledger = .defaultFile, cache: ResponseCache = ResponseCache()) {
            self.enabled = enabled
            self.ledger = ledger
            self.cache = cache
        }

        /// Where the usage ledger is kept.
        public enum Ledger: Sendable, Hashable, CustomStringConvertible {
            /// An SQLite database at this path (`~/` is the home directory), shared by every process that names it.
            case file(String)
            /// In this process's memory only: nothing survives it and no other process sees it (for tests).
            case memory

            /// `~/.switchboard/usage.sqlite`.
            public static let defaultFile = Ledger.file("~/.switchboard/usage.sqlite")

            /// The path, or `memory`.
            public var description: String {
                switch self {
                case .file(let path): path
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
