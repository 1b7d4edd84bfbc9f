import Synchronization
import SwitchboardTesting
import Testing

@testable import Switchboard

/// The attempt's watchdogs as timers: which one fires, that firing cancels the reading task, and that a stopped
/// watchdog never does.
@Suite("Attempt watchdog")
struct AttemptWatchdogTests {
    /// A task that waits until it is cancelled, as a reader waiting on a silent provider does.
    private static func silentReader() -> Task<Void, any Error> {
        Task { while true { try await Task.sleep(for: .seconds(3600)) } }
    }

    @Test func withoutContentTheFirstTokenTimeoutCancelsTheReader() async throws {
        let reader = Self.silentReader()
        let watchdog = AttemptWatchdog(watching: reader)
        watchdog.start(firstToken: .milliseconds(5), deadline: .seconds(3600), sawContent: { false })
        await #expect(throws: CancellationError.self) { try await reader.value }
        #expect(watchdog.fired == .noFirstToken)
    }

    @Test func withContentTheFirstTokenTimeoutWaitsForTheDeadline() async throws {
        let reader = Self.silentReader()
        let watchdog = AttemptWatchdog(watching: reader)
        watchdog.start(firstToken: .milliseconds(5), deadline: .milliseconds(20), sawContent: { true })
        await #expect(throws: CancellationError.self) { try await reader.value }
        #expect(watchdog.fired == .deadline)
    }

    @Test func aDeadlineBeforeTheFirstTokenTimeoutIsTheDeadline() async throws {
        let reader = Self.silentReader()
        let watchdog = AttemptWatchdog(watching: reader)
        watchdog.start(firstToken: .milliseconds(5), deadline: .milliseconds(5), sawContent: { false })
        await #expect(throws: CancellationError.self) { try await reader.value }
        #expect(watchdog.fired == .deadline)
    }

    @Test func aStoppedWatchdogNeverFires() async throws {
        let reader = Self.silentReader()
        let watchdog = AttemptWatchdog(watching: reader)
        watchdog.start(firstToken: .seconds(1), deadline: .seconds(1), sawContent: { false })
        watchdog.stop()
        try await Task.sleep(for: .milliseconds(1500))
        #expect(watchdog.fired == nil)
        #expect(!reader.isCancelled)
        reader.cancel()
    }
}
