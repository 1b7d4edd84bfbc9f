import Foundation

/// Runs `body`, which blocks (it waits for a process to exit, or reads a socket or a pipe), on a thread of its own,
/// and returns what it returns or throws what it throws.
///
/// A test that blocks one of the cooperative pool's threads (there are as many as cores: two on a small CI machine)
/// stalls every task in the test process while it blocks, and the tests running beside it see their servers, streams
/// and timers stand still. Blocking work in a test goes here instead.
public func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result(catching: body)) }
    }
}
