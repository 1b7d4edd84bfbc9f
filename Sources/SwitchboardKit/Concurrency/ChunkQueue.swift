/// Chunks of bytes (body chunks, or one event's JSON each) that a producer has delivered and one consumer has not
/// taken yet, bounded by flow control, and how the stream ended.
///
/// The producer appends on its own thread (a C callback, or a task); the consumer takes everything queued in one step
/// (``take()``), so a consumer that falls behind drains a whole batch per lock and per wake-up instead of one chunk
/// each. The type is not generic, so nothing on this path looks up generic metadata at run time (an
/// `AsyncThrowingStream`'s storage does, for every element, when it is used across module boundaries).
///
/// Flow control: the chunk that brings the queued bytes to ``limit`` is still taken, but ``append(_:)`` answers
/// `false` for it, and the producer is expected to stop. The next ``take()`` empties the queue and calls the `resume`
/// handler once (for a producer across the C boundary: `http_resume` or the plugin's `resume`); an async producer
/// waits in ``send(_:)`` instead. So each pause is answered exactly once and resumed exactly once, and at most
/// ``limit`` bytes plus one chunk wait here (plus what a producer that cannot stop at once still delivers), and as
/// much again in the batch the consumer holds.
package final class ChunkQueue: Sendable {
    /// What ``take()`` hands over.
    package enum Batch {
        /// Chunks in the order the producer delivered them; never empty.
        case chunks([[UInt8]])
        /// The stream ended: nil on success, else the error it ended with.
        case ended(ProviderError?)
    }

    /// The bytes queued at which the producer is asked to pause, unless a queue says otherwise: 64 KiB.
    package static let defaultLimit = 64 * 1024

    private struct State {
        var chunks: [[UInt8]] = []
        var bytes = 0
        var ended: ProviderError?? = nil
        var paused = false
        var consumer: UnsafeContinuation<Void, Never>?
        var producer: UnsafeContinuation<Void, Never>?

        mutating func takeConsumer() -> UnsafeContinuation<Void, Never>? {
            defer { consumer = nil }
            return consumer
        }

        mutating func takeBatch() -> (Batch, resumes: Bool)? {
            if !chunks.isEmpty {
                defer {
                    chunks = []
                    bytes = 0
                    paused = false
                }
                return (.chunks(chunks), paused)
            }
            if let ended { return (.ended(ended), false) }
            return nil
        }
    }

    /// The bytes queued at which ``append(_:)`` asks the producer to pause.
    package let limit: Int
    private let state = Locked(State())
    private let resume: Locked<(@Sendable () -> Void)?>

    /// - Parameters:
    ///   - limit: the bytes queued at which the producer is asked to pause; `Int.max` never asks.
    ///   - resume: called (outside any lock) when the consumer takes a batch after ``append(_:)`` answered `false`.
    package init(limit: Int = ChunkQueue.defaultLimit, resume: (@Sendable () -> Void)? = nil) {
        self.limit = limit
        self.resume = Locked(resume)
    }

    /// Sets the handler that resumes a paused producer, for a producer known only after the queue exists.
    package func onResume(_ handler: @escaping @Sendable () -> Void) {
        resume.withLock { $0 = handler }
    }

    /// Queues one chunk; chunks after the end are dropped.
    /// - Returns: whether the producer may go on: `false` for the chunk that brings the queue to ``limit`` bytes (it is
    ///   still queued), and then the `resume` handler runs when the consumer has taken them. Chunks a paused producer
    ///   still delivers are queued and answered `true`: each pause is asked for once.
    @discardableResult
    package func append(_ chunk: [UInt8]) -> Bool {
        let (consumer, pausesNow): (UnsafeContinuation<Void, Never>?, Bool) = state.withLock { state in
            guard state.ended == nil else { return (nil, false) }
            state.chunks.append(chunk)
            state.bytes += chunk.count
            let pausesNow = !state.paused && state.bytes >= limit
            if pausesNow { state.paused = true }
            return (state.takeConsumer(), pausesNow)
        }
        consumer?.resume()
        return !pausesNow
    }

    /// Queues one chunk and, when the queue is full, waits until the consumer has taken it or the stream has ended:
    /// for a producer that is a task. Returns at once when the waiting task is cancelled.
    package func send(_ chunk: [UInt8]) async {
        guard !append(chunk) else { return }
        await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
                let wait = state.withLock { state in
                    guard state.paused, state.ended == nil, !Task.isCancelled else { return false }
                    state.producer = continuation
                    return true
                }
                if !wait { continuation.resume() }
            }
        } onCancel: {
            state.withLock { state -> UnsafeContinuation<Void, Never>? in
                defer { state.producer = nil }
                return state.producer
            }?.resume()
        }
    }

    /// Ends the stream after the chunks already queued: with success (nil) or `error`. Only the first end counts.
    package func end(_ error: ProviderError?) {
        let (consumer, producer) = state.withLock { state in
            if state.ended == nil { state.ended = .some(error) }
            defer { state.producer = nil }
            return (state.takeConsumer(), state.producer)
        }
        consumer?.resume()
        producer?.resume()
    }

    /// Ends the stream at once, dropping the chunks not yet taken: the consumer was cancelled.
    package func cancel(_ error: ProviderError) {
        let (consumer, producer) = state.withLock { state in
            state.chunks = []
            state.bytes = 0
            if state.ended == nil { state.ended = .some(error) }
            defer { state.producer = nil }
            return (state.takeConsumer(), state.producer)
        }
        consumer?.resume()
        producer?.resume()
    }

    /// Every chunk queued, or the end once nothing is; waits while there is neither. One consumer at a time.
    package func take() async -> Batch {
        while true {
            if let (batch, resumes) = state.withLock({ $0.takeBatch() }) {
                if resumes { resumeProducer() }
                return batch
            }
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
                let ready = state.withLock { state in
                    guard state.chunks.isEmpty, state.ended == nil else { return true }
                    state.consumer = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        }
    }

    private func resumeProducer() {
        let producer = state.withLock { state in
            defer { state.producer = nil }
            return state.producer
        }
        if let producer {
            producer.resume()
        } else {
            resume.withLock { $0 }?()
        }
    }
}
