import NIOCore
import NIOPosix
import SwitchboardKit

/// An attempt's first-token and whole-request watchdogs: timers on an event loop that cancel the task reading the
/// provider's stream when one fires, and remember which fired.
///
/// Nothing runs for them unless one fires: no task waits beside the attempt, and ``stop()`` gives the timer back at
/// once. (`Task.sleep` on Linux keeps a cancelled sleep's timer, about 300 bytes measured with heaptrack, registered
/// until its deadline: every attempt stops its watchdog long before the first-token deadline, 30 s by default, so at
/// 2,000 requests a second a sleeping watchdog held some 60,000 dead timers.)
final class AttemptWatchdog: Sendable {
    /// Which deadline passed.
    enum Firing: Sendable, Equatable {
        /// The first-token timeout passed before any content arrived.
        case noFirstToken
        /// The whole request's deadline passed.
        case deadline
    }

    private struct State {
        var timer: Scheduled<Void>?
        var fired: Firing?
        var stopped = false
    }

    private let state = Locked(State())
    private let reader: Task<Void, any Error>

    /// A watchdog over `reader`, the task reading the attempt's stream; it watches once ``start(firstToken:deadline:sawContent:)``
    /// is called.
    init(watching reader: Task<Void, any Error>) {
        self.reader = reader
    }

    /// Which deadline passed and cancelled the reader; nil when none did.
    var fired: Firing? { state.withLock { $0.fired } }

    /// Watches in real time: when `firstToken` has passed (and it comes before `deadline`) without `sawContent()`,
    /// the reader is cancelled as ``Firing/noFirstToken``; when `deadline` has passed, as ``Firing/deadline``.
    func start(firstToken: Duration, deadline: Duration, sawContent: @escaping @Sendable () -> Bool) {
        guard firstToken < deadline else {
            arm(after: deadline) { [self] in fire(.deadline) }
            return
        }
        arm(after: firstToken) { [self] in
            if sawContent() {
                arm(after: deadline - firstToken) { [self] in fire(.deadline) }
            } else {
                fire(.noFirstToken)
            }
        }
    }

    /// Stops watching: the pending timer is cancelled and nothing fires afterwards.
    func stop() {
        let timer = state.withLock { state in
            state.stopped = true
            return state.timer.take()
        }
        timer?.cancel()
    }

    private func arm(after delay: Duration, _ action: @escaping @Sendable () -> Void) {
        state.withLock { state in
            guard !state.stopped else { return }
            state.timer = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(
                in: .nanoseconds(delay.nanoseconds), action)
        }
    }

    private func fire(_ firing: Firing) {
        let fired = state.withLock { state in
            guard !state.stopped, state.fired == nil else { return false }
            state.fired = firing
            return true
        }
        if fired { reader.cancel() }
    }
}
