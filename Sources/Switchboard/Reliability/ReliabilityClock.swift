/// The time source of every wait the host chooses: the backoff before a retry, a Retry-After, an open breaker, a
/// client-side rate limit, and the deadline they are measured against.
///
/// ``Reliability`` holds one and gives it to the breakers, the rate limiter and every request's executor. Tests
/// inject a simulated clock (`SwitchboardTesting.SimulatedClock`) and assert the schedule of attempts in simulated
/// time; a wait that should not happen (a 30 s cooldown) then shows as 30 simulated seconds, without the test
/// waiting for it or reading a stopwatch. Watchdogs (first-token and request timeouts) run in real time towards
/// deadlines this clock sets.
public protocol ReliabilityClock: Sendable {
    /// The current instant.
    var now: ContinuousClock.Instant { get }

    /// Suspends until `deadline`, or returns at once when it has passed.
    /// - Throws: `CancellationError` when the task is cancelled first.
    func sleep(until deadline: ContinuousClock.Instant) async throws
}

/// The real, monotonic clock (`ContinuousClock`).
public struct SystemReliabilityClock: ReliabilityClock {
    /// Creates the real clock.
    public init() {}

    public var now: ContinuousClock.Instant { .now }

    public func sleep(until deadline: ContinuousClock.Instant) async throws {
        try await Task.sleep(until: deadline, clock: .continuous)
    }
}

extension ReliabilityClock where Self == SystemReliabilityClock {
    /// The real, monotonic clock.
    public static var system: SystemReliabilityClock { SystemReliabilityClock() }
}

extension ReliabilityClock {
    /// Suspends for `duration`.
    /// - Throws: `CancellationError` when the task is cancelled first.
    func sleep(for duration: Duration) async throws {
        try await sleep(until: now + duration)
    }
}
