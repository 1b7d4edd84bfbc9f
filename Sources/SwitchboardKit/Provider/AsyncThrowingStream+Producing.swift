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

    /// A stream fed by an async closure running in its own task, holding at most `limit` elements the consumer has
    /// not taken: the closure's `send` waits while the consumer is that far behind, so a slow consumer slows the
    /// producer instead of the elements piling up.
    ///
    /// When the closure returns the stream finishes, when it throws the stream throws. Cancelling the consumer (or
    /// dropping the stream) cancels the task, and a `send` waiting then returns.
    public static func producing(
        limit: Int,
        _ body: @escaping @Sendable (_ send: @escaping @Sendable (Element) async -> Void) async throws -> Void
    ) -> AsyncThrowingStream<Element, any Error> where Element: Sendable {
        let queue = ProducerQueue<Element>(limit: limit)
        let task = Task {
            do {
                try await body { await queue.send($0) }
                queue.end(nil)
            } catch {
                queue.end(error)
            }
        }
        return AsyncThrowingStream(unfolding: ProducerQueueReader(queue, producer: task).next)
    }
}

/// The consumer's side of ``AsyncThrowingStream/producing(limit:_:)``: takes the queue's elements in batches and
/// hands them out one by one; cancels the producing task when the consumer is cancelled or drops the stream.
///
/// `@unchecked Sendable`: ``next()`` is only called by the one task consuming the stream, one call at a time (the
/// `AsyncThrowingStream(unfolding:)` contract); `deinit` runs after the last call.
private final class ProducerQueueReader<Element: Sendable>: @unchecked Sendable {
    private let queue: ProducerQueue<Element>
    private let producer: Task<Void, Never>
    private var batch: [Element] = []
    private var position = 0
    private var ended = false

    init(_ queue: ProducerQueue<Element>, producer: Task<Void, Never>) {
        self.queue = queue
        self.producer = producer
    }

    deinit {
        if !ended {
            producer.cancel()
            queue.end(CancellationError(), droppingQueued: true)
        }
    }

    func next() async throws -> Element? {
        while position == batch.count {
            guard !ended else { return nil }
            let taken = await withTaskCancellationHandler {
                await queue.take()
            } onCancel: { [queue, producer] in
                producer.cancel()
                queue.end(CancellationError(), droppingQueued: true)
            }
            switch taken {
            case .success(let elements)?:
                batch = elements
                position = 0
            case .failure(let error)?:
                ended = true
                batch = []
                throw error
            case nil:
                ended = true
                batch = []
                return nil
            }
        }
        defer { position += 1 }
        return batch[position]
    }
}
