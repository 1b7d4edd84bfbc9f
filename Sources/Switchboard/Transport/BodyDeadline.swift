import SwitchboardKit

/// The deadline of a response body read in the calling task (``AsyncHTTPClientTransport``'s caller-reading
/// exchange): when it passes before the reading has finished, the reading task is cancelled.
///
/// The lock makes the cancellation safe: ``expire(_:)`` cancels the task only while holding it and only before
/// ``finish()``, which the task itself calls (and so waits for) before it returns; the task cannot end while it is
/// being cancelled.
final class BodyDeadline: Sendable {
    private let state = Locked((finished: false, expired: false))

    /// Whether the deadline passed before the reading finished.
    var expired: Bool { state.withLock { $0.expired } }

    /// The deadline passed: cancels `reader` unless it has finished.
    func expire(_ reader: UncheckedTask) {
        state.withLock { state in
            guard !state.finished else { return }
            state.expired = true
            reader.task.cancel()
        }
    }

    /// The reading finished; a later ``expire(_:)`` does nothing.
    func finish() {
        state.withLock { $0.finished = true }
    }
}

/// The task reading a body, for ``BodyDeadline`` to cancel from the event loop.
///
/// `@unchecked Sendable`: `UnsafeCurrentTask` is valid only while its task runs; ``BodyDeadline`` uses it only then.
struct UncheckedTask: @unchecked Sendable {
    let task: UnsafeCurrentTask
}
