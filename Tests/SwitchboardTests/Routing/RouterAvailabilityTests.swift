import Switchboard
import SwitchboardKit
import Synchronization
import Testing

/// The router ranks by availability first: breaker state, rate-limit waits, health and discovery results.
@Suite("Router availability")
struct RouterAvailabilityTests {
    /// A clock the test moves by hand.
    final class ManualClock: Sendable {
        private let instant = Mutex(ContinuousClock.now)
        var now: ContinuousClock.Instant { instant.withLock { $0 } }
        func advance(by duration: Duration) { instant.withLock { $0 += duration } }
    }

    let clock = ManualClock()
    let registry = RoutingFixture.registry()
    let breakers: CircuitBreakers
    let advanced = Requirements(capabilities: [.vision], tier: .advanced)

    init() {
        breakers = CircuitBreakers(now: { [clock] in clock.now })
        registry.connect(
            AvailabilitySignals(circuit: { [breakers] in breakers.state(of: $0) }, now: { [clock] in clock.now }))
    }

    var router: Router { Router(registry: registry) }

    @Test func anOpenBreakerRanksItsProviderAfterTheOthersAndAHalfOpenOneBeforeTheDown() throws {
        #expect(router.route(advanced).map(\.id) == ["other/sonnet", "cloud/big"])
        #expect(router.route(advanced).allSatisfy { $0.availability == .available })

        breakers.trip("other")
        let tripped = router.route(advanced)
        #expect(tripped.map(\.id) == ["cloud/big", "other/sonnet"], "known down: kept, but last")
        let sonnet = try #require(tripped.last)
        #expect(sonnet.availability.status == .down)
        #expect(sonnet.availability.reason == "circuit open")
        #expect(sonnet.rationale.hasSuffix(", down (circuit open)"))
        #expect(registry.isAvailable(provider: "cloud") && !registry.isAvailable(provider: "other"))

        clock.advance(by: .seconds(3600))
        let halfOpen = router.route(advanced)
        #expect(halfOpen.map(\.id) == ["cloud/big", "other/sonnet"])
        #expect(halfOpen.last?.availability.status == .probing)
        breakers.trip("cloud")
        #expect(router.route(advanced).map(\.id) == ["other/sonnet", "cloud/big"], "probing ranks before down")

        breakers.recordSuccess("other")
        breakers.recordSuccess("cloud")
        #expect(router.route(advanced).map(\.id) == ["other/sonnet", "cloud/big"])
        #expect(router.route(advanced).allSatisfy { $0.availability == .available })
    }

    @Test func theBestAvailableCandidateWinsEvenWhenOnlyOneIsListed() {
        breakers.trip("other")
        var router = router
        router.candidateLimit = 1
        let decision = router.decide(advanced)
        #expect(decision.candidates.map(\.id) == ["cloud/big"])
        #expect(decision.matched == 2)
    }

    @Test func availabilityComesBeforeTheLocalPreference() {
        breakers.trip("home")
        let preferred = router.route(Requirements(locality: .preferLocal))
        #expect(preferred.count == 6)
        #expect(preferred.last?.id == "home/llama")
        #expect(preferred.last?.rationale.contains("local (preferred)") == true)
        #expect(preferred.dropLast().allSatisfy { !$0.model.local })
    }

    @Test func aRateLimitWaitRanksAfterTheAvailableUntilItEnds() {
        let until = clock.now + .seconds(30)
        registry.connect(
            AvailabilitySignals(
                rateLimitedUntil: { $0 == "other" ? until : nil }, now: { [clock] in clock.now }))
        let waiting = router.route(advanced)
        #expect(waiting.map(\.id) == ["cloud/big", "other/sonnet"])
        #expect(waiting.last?.availability == Availability(.rateLimited, reason: "asked to wait", until: until))
        clock.advance(by: .seconds(30))
        #expect(router.route(advanced).map(\.id) == ["other/sonnet", "cloud/big"])
    }

    @Test func aFailedDiscoveryOrHealthCheckMarksAProviderDownUntilANewerVerdict() async {
        let providers = ProviderRegistry()
        providers.register(FakeRoutingProvider(name: "cloud", catalog: [RoutingFixture.big]))
        providers.register(FakeRoutingProvider(name: "other", catalog: [RoutingFixture.sonnet], discoveryFails: true))
        let registry = ModelRegistry(providers: providers)
        registry.register([RoutingFixture.big], provider: "cloud")
        registry.register([RoutingFixture.sonnet], provider: "other")
        let router = Router(registry: registry)

        await registry.refresh(timeout: .seconds(10))
        #expect(registry.models(matching: ModelQuery(providers: ["other"])).count == 1, "a cloud catalog stays")
        #expect(
            registry.availability(of: "other") == Availability(.down, reason: "discovery failed: connection refused"))
        #expect(router.route(advanced).map(\.id) == ["cloud/big", "other/sonnet"])

        // A passing health check is newer evidence.
        _ = await registry.availability(timeout: .seconds(10))
        #expect(registry.availability(of: "other") == .available)
        #expect(router.route(advanced).map(\.id) == ["other/sonnet", "cloud/big"])

        // The health monitor's latest verdict, when the host connects it, counts too.
        registry.connect(
            AvailabilitySignals(health: { $0 == "other" ? ProviderHealth(status: .unavailable, message: "503") : nil }))
        #expect(registry.availability(of: "other") == Availability(.down, reason: "health check: 503"))
        #expect(router.route(advanced).map(\.id) == ["cloud/big", "other/sonnet"])
    }
}
