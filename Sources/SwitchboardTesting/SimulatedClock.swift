public import Switchboard
import SwitchboardKit

/// A ``ReliabilityClock`` whose time moves only when someone sleeps on it: a sleep returns at once and moves the
/// clock to the instant it waited for, and records the wait.
///
/// Give it to ``Reliability`` and a test asserts when each attempt was scheduled, in simulated time, without
/// waiting: a 30 s cooldown is 30 simulated seconds and no real ones.
///
/// ```swift
/// let clock = SimulatedClock()
/// let reliability = Reliability(routing: routing, clock: clock)
/// // … run a request whose upstream answers 429 with Retry-After: 1, twice …
/// #expect(clock.waits == [.seconds(1), .seconds(1)])
/// ```
public final class SimulatedClock: ReliabilityClock {
    private struct State {
        var now: ContinuousClock.Instant
        var waits: [Duration] = []
    }

    /// The instant the clock started at.
    public let start: ContinuousClock.Instant
    private let state: Locked<State>

    /// Creates a clock standing at `start`.
    public init(start: ContinuousClock.Instant = .now) {
        self.start = start
        state = Locked(State(now: start))
    }

    public var now: ContinuousClock.Instant { state.withLock { $0.now } }

    /// How far the clock has moved since ``start``.
    public var elapsed: Duration { start.duration(to: now) }

    /// Every wait a sleep asked for, in order (waits for an instant already past are not recorded).
    public var waits: [Duration] { state.withLock { $0.waits } }

    public func sleep(until deadline: ContinuousClock.Instant) async throws {
        try Task.checkCancellation()
        state.withLock { state in
            guard deadline > state.now else { return }
            state.waits.append(state.now.duration(to: deadline))
            state.now = deadline
        }
        await Task.yield()
    }

    /// Moves the clock forward by `duration`, as time passing outside any sleep.
    public func advance(by duration: Duration) {
        state.withLock { $0.now = $0.now + duration }
    }
}
