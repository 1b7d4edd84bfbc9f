import NIOCore
import NIOPosix
import SwitchboardKit

/// The sleep behind an attempt's first-token and request watchdogs: real time, on an event loop's timer, given back
/// the moment it is cancelled.
///
/// `Task.sleep` on Linux keeps a cancelled sleep's timer (about 300 bytes, measured with heaptrack) registered until
/// its deadline. Every attempt cancels its watchdog when the answer arrives, usually long before the first-token
/// deadline (30 s by default), so at 2,000 requests a second `Task.sleep` held some 60,000 dead timers; this sleep
/// holds one only while it waits.
enum WatchdogTimer {
    /// Sleeps for `duration`; throws `CancellationError` at once when the task is cancelled.
    static func sleep(for duration: Duration) async throws {
        let waiter = Waiter()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                waiter.start(continuation, after: duration)
            }
        } onCancel: {
            waiter.cancel()
        }
    }

    /// One sleep's continuation and timer; whichever of the deadline and the cancellation comes first resumes it.
    private final class Waiter: Sendable {
        private struct State {
            var continuation: CheckedContinuation<Void, any Error>?
            var timer: Scheduled<Void>?
            var cancelled = false
        }

        private let state = Locked(State())

        func start(_ continuation: CheckedContinuation<Void, any Error>, after duration: Duration) {
            let cancelled = state.withLock { state in
                if !state.cancelled { state.continuation = continuation }
                return state.cancelled
            }
            guard !cancelled else {
                continuation.resume(throwing: CancellationError())
                return
            }
            let delay = TimeAmount.nanoseconds(duration.nanoseconds)
            let timer = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: delay) { [self] () -> Void in
                take()?.resume()
            }
            let cancelledMeanwhile = state.withLock { state in
                state.timer = timer
                return state.cancelled
            }
            if cancelledMeanwhile { timer.cancel() }
        }

        func cancel() {
            let (continuation, timer) = state.withLock { state in
                state.cancelled = true
                defer { state.timer = nil }
                return (state.continuation.take(), state.timer)
            }
            timer?.cancel()
            continuation?.resume(throwing: CancellationError())
        }

        private func take() -> CheckedContinuation<Void, any Error>? {
            state.withLock { state in
                state.timer = nil
                return state.continuation.take()
            }
        }
    }
}
