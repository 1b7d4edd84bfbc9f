extension AsyncThrowingStream where Failure == any Error {
    /// A stream fed by an async closure running in its own task.
    ///
    /// The closure yields through the continuation; when it returns the stream finishes, when it throws the stream
    /// throws. Cancelling the consumer (or dropping the stream) cancels the task.
    public static func producing(
        bufferingPolicy: Continuation.BufferingPolicy = .unbounded,
        _ body: @escaping @Sendable (Continuation) async throws -> Void
    ) -> AsyncThrowingStream<Element, any Error> where Element: Sendable {
        AsyncThrowingStream(bufferingPolicy: bufferingPolicy) { continuation in
            let task = Task {
                do {
                    try await body(continuation)
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
