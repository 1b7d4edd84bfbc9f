extension ChunkQueue {
    /// The queue's chunks as a body stream, for one consumer: each element is everything queued when the consumer
    /// asked (joined into one chunk), so a consumer that falls behind reads fewer, larger chunks.
    ///
    /// - Parameter finished: called once when the consumer is done with the stream, however it ended (the producer
    ///   ended it, the consumer was cancelled while it waited, or dropped the stream): where the producer is stopped
    ///   if it still runs.
    package func stream(finished: @escaping @Sendable () -> Void) -> AsyncThrowingStream<[UInt8], any Error> {
        AsyncThrowingStream(unfolding: ChunkStreamReader(self, finished: finished).next)
    }
}

/// The consumer's side of ``ChunkQueue/stream(finished:)``.
///
/// `@unchecked Sendable`: ``next()`` is only called by the one task consuming the stream, one call at a time (the
/// `AsyncThrowingStream(unfolding:)` contract), so `ended` is never touched concurrently; `deinit` runs after the
/// last call.
final class ChunkStreamReader: @unchecked Sendable {
    private let queue: ChunkQueue
    private let finished: @Sendable () -> Void
    private var ended = false

    init(_ queue: ChunkQueue, finished: @escaping @Sendable () -> Void) {
        self.queue = queue
        self.finished = finished
    }

    deinit {
        if !ended { finished() }
    }

    func next() async throws -> [UInt8]? {
        guard !ended else { return nil }
        let taken = await withTaskCancellationHandler {
            await queue.take()
        } onCancel: { [queue] in
            queue.cancel(ProviderError(.cancelled, "the request was cancelled"))
        }
        switch taken {
        case .chunks(let chunks):
            if chunks.count == 1 { return chunks[0] }
            var joined: [UInt8] = []
            joined.reserveCapacity(chunks.reduce(0) { $0 + $1.count })
            for chunk in chunks { joined += chunk }
            return joined
        case .ended(let error):
            ended = true
            finished()
            if let error { throw error }
            return nil
        }
    }
}
