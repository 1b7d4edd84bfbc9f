import Switchboard
import SwitchboardKit
import Testing

@testable import SwitchboardGateway

/// Memory goes back to the system once per burst, after a quiet period: never under steady traffic, never while idle
/// from the start. The schedule is driven by a clock the test steps, not by time passing.
@Suite("Idle memory release")
struct IdleMemoryReleaseTests {
    /// A clock whose sleeps wait for the test to step it.
    final class SteppedClock: ReliabilityClock {
        private let state = Locked<(now: ContinuousClock.Instant, sleeper: CheckedContinuation<Void, any Error>?)>(
            (.now, nil))

        var now: ContinuousClock.Instant { state.withLock { $0.now } }

        func sleep(until deadline: ContinuousClock.Instant) async throws {
            try await withCheckedThrowingContinuation { continuation in
                state.withLock { $0 = (deadline, continuation) }
            }
        }

        /// Ends the sleep in progress (the period passed) and waits until the sleeper checked and sleeps again.
        func step() async {
            await untilSleeping()
            state.withLock { state in
                defer { state.sleeper = nil }
                return state.sleeper
            }?.resume()
            await untilSleeping()
        }

        /// Ends the sleep in progress with cancellation.
        func stop() async {
            await untilSleeping()
            state.withLock { state in
                defer { state.sleeper = nil }
                return state.sleeper
            }?.resume(throwing: CancellationError())
        }

        private func untilSleeping() async {
            while state.withLock({ $0.sleeper == nil }) { await Task.yield() }
        }
    }

    @Test func aBurstIsFollowedByOneReleaseAfterAQuietPeriod() async {
        let clock = SteppedClock()
        let releases = Locked(0)
        let release = IdleMemoryRelease(quietPeriod: .seconds(5), clock: clock) { releases.withLock { $0 += 1 } }
        let running = Task { await release.run() }

        await clock.step()
        #expect(releases.withLock { $0 } == 0, "idle from the start: nothing to give back")
        release.noteRequest()
        await clock.step()
        #expect(releases.withLock { $0 } == 0, "requests in the last period: not quiet")
        release.noteRequest()
        await clock.step()
        #expect(releases.withLock { $0 } == 0, "still busy")
        await clock.step()
        #expect(releases.withLock { $0 } == 1, "a quiet period after the burst: released")
        await clock.step()
        await clock.step()
        #expect(releases.withLock { $0 } == 1, "once per burst")
        release.noteRequest()
        await clock.step()
        await clock.step()
        #expect(releases.withLock { $0 } == 2, "the next burst is released too")

        await clock.stop()
        await running.value
    }
}
