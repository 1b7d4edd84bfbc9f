public import Foundation
public import Logging
import SwitchboardKit

/// Per-minute request limits held for a fleet of replicas: token buckets in the shared PostgreSQL ledger, drawn from
/// in leases, so that a replica pays one database round trip per lease, not per request.
///
/// A replica takes a lease of 1 % of a limit (at least one request) from the shared bucket and spends it locally.
/// Nothing is ever admitted that the shared bucket did not give, so the fleet never exceeds the limit; a lease a
/// replica holds but has not spent is unavailable to the others, so the fleet may admit up to one lease per replica
/// fewer than the limit (1 % each). While the database cannot be reached, each replica falls back to its own bucket
/// (`fallback`): the limit then holds per replica, as without a shared ledger, and no request waits for the database
/// until the ledger's outage is over (``LedgerOutage``).
public final class FleetRateLimiter: Sendable {
    private let ledger: UsageLedger
    private let buckets: any SharedRateBuckets
    private let fallback: RateLimiter
    private let now: @Sendable () -> Date
    private let logger: Logger
    /// The requests leased and not yet spent, by key.
    private let leased = Locked<[String: Int]>([:])

    /// A limiter on `ledger`'s shared buckets, or nil when the ledger keeps none (SQLite, memory).
    /// - Parameters:
    ///   - fallback: the per-replica limiter used while the database cannot be reached.
    ///   - now: the clock the buckets refill by; injectable for tests.
    public init?(
        ledger: UsageLedger, fallback: RateLimiter, logger: Logger = Logger(label: "switchboard.ratelimit"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        guard let buckets = ledger.sharedRateBuckets else { return nil }
        self.ledger = ledger
        self.buckets = buckets
        self.fallback = fallback
        self.logger = logger
        self.now = now
    }

    /// The requests one lease of `perMinute` takes: 1 %, at least one.
    static func leaseSize(_ perMinute: Int) -> Int { max(1, perMinute / 100) }

    /// Takes one request from `key`'s limit of `perMinute`.
    /// - Returns: `.zero` when taken; otherwise how long until the fleet's bucket holds one.
    public func acquire(_ key: String, perMinute: Int) async -> Duration {
        let spent = leased.withLock { leased -> Bool in
            guard let held = leased[key], held > 0 else { return false }
            leased[key] = held - 1
            return true
        }
        if spent { return .zero }
        // While the ledger cannot be used, every request would wait for it in vain.
        guard ledger.outage.current == nil else { return fallback.acquire(key, tokens: 0) }
        do {
            let (taken, wait) = try await buckets.take(
                Self.leaseSize(perMinute), from: "key:" + key, capacity: perMinute, now: now())
            guard taken > 0 else { return wait }
            if taken > 1 { leased.withLock { $0[key, default: 0] += taken - 1 } }
            return .zero
        } catch {
            ledger.outage.begin(error)
            logger.warning(
                "the fleet's rate limit for key \(key) cannot be read; this replica enforces it alone: \(error)")
            return fallback.acquire(key, tokens: 0)
        }
    }
}
