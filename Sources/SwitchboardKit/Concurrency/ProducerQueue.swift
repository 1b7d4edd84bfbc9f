/// The elements a producing task has sent and its one consumer has not taken, at most ``limit`` of them: behind
/// ``AsyncThrowingStream/producing(limit:_:)``.
///
/// ``send(_:)`` waits while ``limit`` elements are queued; the consumer takes everything queued in one step and so
/// frees the producer once per batch, not once per element.
final class ProducerQueue<Element: Sendable>: Sendable {
    private struct State {
        var elements: [Element] = []
        var ended: (any Error)?? = nil
        var consumer: UnsafeContinuation<Void, Never>?
        var producer: UnsafeContinuation<Void, Never>?
    }

    let limit: Int
    private let state = Locked(State())

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Queues `element`, then waits while the queue is full; returns at once when the waiting task is cancelled or the
    /// consumer is gone.
    func send(_ element: Element) async {
        let (consumer, full) = state.withLock { state -> (UnsafeContinuation<Void, Never>?, Bool) in
            guard state.ended == nil else { return (nil, false) }
            state.elements.append(element)
            defer { state.consumer = nil }
            return (state.consumer, state.elements.count >= limit)
        }
        consumer?.resume()
        guard full else { return }
        await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
                let wait = state.withLock { state in
                    guard state.elements.count >= limit, state.ended == nil, !Task.isCancelled else { return false }
                    state.producer = continuation
                    return true
                }
                if !wait { continuation.resume() }
            }
        } onCancel: {
            takeProducer()?.resume()
        }
    }

    /// Ends the stream after the queued elements: with success (nil) or `error`. Only the first end counts; an end
    /// from the consumer's side (it was cancelled or went away) also drops what is queued and frees the producer.
    func end(_ error: (any Error)?, droppingQueued: Bool = false) {
        let consumer = state.withLock { state in
            if state.ended == nil { state.ended = .some(error) }
            if droppingQueued { state.elements = [] }
            defer { state.consumer = nil }
            return state.consumer
        }
        consumer?.resume()
        takeProducer()?.resume()
    }

    /// Every element queued, or the end (nil, or the error) once nothing is; waits while there is neither.
    func take() async -> Result<[Element], any Error>? {
        while true {
            let taken = state.withLock { state -> Result<[Element], any Error>?? in
                if !state.elements.isEmpty {
                    defer { state.elements = [] }
                    return .some(.success(state.elements))
                }
                guard let ended = state.ended else { return nil }
                return .some(ended.map { .failure($0) })
            }
            if let taken {
                takeProducer()?.resume()
                return taken
            }
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
                let ready = state.withLock { state in
                    guard state.elements.isEmpty, state.ended == nil else { return true }
                    state.consumer = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        }
    }

    private func takeProducer() -> UnsafeContinuation<Void, Never>? {
        state.withLock { state in
            defer { state.producer = nil }
            return state.producer
        }
    }
}
