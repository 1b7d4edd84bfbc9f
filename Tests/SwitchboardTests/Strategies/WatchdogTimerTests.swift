import Testing

@testable import Switchboard

@Suite("Watchdog timer")
struct WatchdogTimerTests {
    @Test func aSleepEndsAtItsDeadline() async throws {
        try await WatchdogTimer.sleep(for: .milliseconds(1))
    }

    @Test func cancellingAnHourLongSleepEndsItWithCancellationError() async throws {
        let sleeper = Task { try await WatchdogTimer.sleep(for: .seconds(3600)) }
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
    }

    @Test func aSleepStartedInACancelledTaskEndsAtOnce() async throws {
        let sleeper = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await WatchdogTimer.sleep(for: .seconds(3600))
        }
        await #expect(throws: CancellationError.self) { try await sleeper.value }
    }
}
