import SwitchboardKit

/// Runs `operation` in its own task and returns its result, or nil once `timeout` has passed, cancelling it.
///
/// Unlike a task group, this does not wait for an operation that ignores cancellation: the caller goes on and the
/// operation's result, when it comes, is dropped.
func withDeadline<Value: Sendable>(
    _ timeout: Duration,
    _ operation: @escaping @Sendable () async -> Value
) async -> Value? {
    await withCheckedContinuation { (continuation: CheckedContinuation<Value?, Never>) in
        let race = DeadlineRace(continuation)
        race.start(
            Task { race.finish(await operation()) },
            Task {
                try? await Task.sleep(for: timeout)
                race.finish(nil)
            }
        )
    }
}

/// The first of an operation and a timer to finish resumes the continuation and cancels the other.
private final class DeadlineRace<Value: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Value?, Never>?
        var tasks: [Task<Void, Never>] = []
    }

    private let state: Locked<State>

    init(_ continuation: CheckedContinuation<Value?, Never>) {
        state = Locked(State(continuation: continuation))
    }

    func start(_ operation: Task<Void, Never>, _ timer: Task<Void, Never>) {
        let finished = state.withLock { state in
            state.tasks = [operation, timer]
            return state.continuation == nil
        }
        if finished { operation.cancel(); timer.cancel() }
    }

    func finish(_ value: Value?) {
        let (continuation, tasks) = state.withLock { state in
            defer { state.continuation = nil }
            return (state.continuation, state.tasks)
        }
        guard let continuation else { return }
        continuation.resume(returning: value)
        for task in tasks { task.cancel() }
    }
}
