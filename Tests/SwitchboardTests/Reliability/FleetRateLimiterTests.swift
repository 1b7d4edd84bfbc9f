import Foundation
import PostgresTestSupport
import Switchboard
import SwitchboardKit
import Testing

/// Per-minute limits held for a fleet: two limiters (two replicas) on one PostgreSQL ledger, on an injected clock.
@Suite("Fleet rate limits", .enabled(if: TestPostgres.url != nil, TestPostgres.howToEnable))
struct FleetRateLimiterTests {
    @Test func twoReplicasTogetherAdmitNoMoreThanTheLimitAndLoseAtMostALeaseEach() async throws {
        try await TestPostgres.withDatabase { address in
            let clock = Locked(Date(timeIntervalSince1970: 1_750_000_000))
            let replicas = try (0..<2).map { _ in
                try #require(
                    FleetRateLimiter(
                        ledger: try UsageLedger(.postgres(address)), fallback: RateLimiter(),
                        now: { clock.withLock { $0 } }))
            }
            // 300 a minute: leases of 3. 400 requests alternating between the replicas, no time passing.
            var admitted = 0
            for index in 0..<400 where await replicas[index % 2].acquire("team", perMinute: 300) == .zero {
                admitted += 1
            }
            #expect(admitted <= 300)
            #expect(admitted >= 300 - 2 * 3, "at most one unspent lease per replica")
            let refused = await replicas[0].acquire("team", perMinute: 300)
            #expect(refused > .zero && refused <= .milliseconds(200), "one request refills in 0.2 s: \(refused)")
            // Half a minute later half the limit is back.
            clock.withLock { $0 += 30 }
            var later = 0
            for index in 0..<400 where await replicas[index % 2].acquire("team", perMinute: 300) == .zero {
                later += 1
            }
            #expect(later <= 150 + 6 && later >= 150 - 6, "\(later)")
        }
    }

    @Test func withTheDatabaseUnreachableEachReplicaHoldsTheLimitAlone() async throws {
        let closed = try PostgresAddress(
            url: "postgres://switchboard:hunter2@127.0.0.1:1/usage?sslmode=disable&connect_timeout=1")
        let limiter = try #require(
            FleetRateLimiter(
                ledger: try UsageLedger(.postgres(closed)),
                fallback: RateLimiter(["team": .init(requestsPerMinute: 2)])))
        #expect(await limiter.acquire("team", perMinute: 2) == .zero)
        #expect(await limiter.acquire("team", perMinute: 2) == .zero)
        #expect(await limiter.acquire("team", perMinute: 2) > .zero)
    }

    @Test func aLedgerThatIsNotSharedHasNoFleetLimiter() throws {
        #expect(FleetRateLimiter(ledger: try UsageLedger(.memory), fallback: RateLimiter()) == nil)
    }
}
