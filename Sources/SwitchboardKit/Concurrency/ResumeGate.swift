/// Where a paused sender waits to be resumed across the C boundary (ABI 1.2 flow control): the host's task for an
/// exchange after the plugin answered `on_body_paced` with a pause, or the plugin's task for a request after the host
/// answered `on_event_paced` with one.
///
/// Each pause is followed by exactly one ``open()``, which may come before the sender reaches ``wait()``: a resume
/// that nobody waits for yet is kept, and the next wait returns at once.
package final class ResumeGate: Sendable {
    private struct State {
        var resumes = 0
        var waiter: UnsafeContinuation<Void, Never>?
    }

    private let state = Locked(State())

    package init() {}

    /// Waits for the next resume; returns at once when one already came or the waiting task is cancelled.
    package func wait() async {
        await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
                let ready = state.withLock { state in
                    if state.resumes > 0 {
                        state.resumes -= 1
                        return true
                    }
                    if Task.isCancelled { return true }
                    state.waiter = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            takeWaiter()?.resume()
        }
    }

    /// Resumes the sender: the one waiting, or the next one to wait.
    package func open() {
        let waiter = state.withLock { state in
            guard let waiter = state.waiter else {
                state.resumes += 1
                return nil as UnsafeContinuation<Void, Never>?
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    private func takeWaiter() -> UnsafeContinuation<Void, Never>? {
        state.withLock { state in
            defer { state.waiter = nil }
            return state.waiter
        }
    }
}
