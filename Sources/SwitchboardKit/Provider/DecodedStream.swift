/// A provider's answer decoded as the consumer asks for it: the state behind
/// ``_Concurrency/AsyncThrowingStream/decoding(_:with:)``.
///
/// It runs in the consumer's task, through `AsyncThrowingStream(unfolding:)`: no task of its own and no thread
/// wake-up per event.
///
/// `@unchecked Sendable`: ``next()`` is only called by the one task consuming the stream, one call at a time (the
/// `AsyncThrowingStream(unfolding:)` contract), so the wire's iterator, the decoder and the queue are never touched
/// concurrently.
final class DecodedStream<Decoder: StreamDecoder>: @unchecked Sendable {
    private enum State {
        /// `open` has not run yet.
        case unopened
        /// Between reads of the wire stream.
        case reading(AsyncThrowingStream<Decoder.Input, any Error>.Iterator, Decoder)
        /// A read is in progress; the iterator and the decoder are out of the enum, so neither is copied on write.
        case inRead
        /// The wire stream is done with; only queued events are left.
        case ended
    }

    private let open: @Sendable () async throws -> StreamedBody<Decoder.Input>
    private let makeDecoder: @Sendable () -> Decoder
    private var state = State.unopened
    private var queue: [StreamEvent] = []
    private var position = 0

    init(
        open: @escaping @Sendable () async throws -> StreamedBody<Decoder.Input>,
        makeDecoder: @escaping @Sendable () -> Decoder
    ) {
        self.open = open
        self.makeDecoder = makeDecoder
    }

    /// The next event, or nil once the answer is complete.
    func next() async throws -> StreamEvent? {
        do {
            while position == queue.count {
                switch state {
                case .unopened:
                    let body = try await open()
                    var decoder = makeDecoder()
                    if let elements = body.elements {
                        state = .reading(elements.makeAsyncIterator(), decoder)
                        continue
                    }
                    // A whole JSON document in place of a stream: the complete answer at once.
                    state = .ended
                    queue = try decoder.decode(document: body.document ?? [])
                    if !decoder.isComplete { queue += try decoder.end() }
                    position = 0
                case .reading(var wire, var decoder):
                    state = .inRead
                    guard let input = try await wire.next() else {
                        try Task.checkCancellation()
                        queue = try decoder.end()
                        position = 0
                        state = .ended
                        continue
                    }
                    queue = try decoder.decode(input)
                    position = 0
                    // A complete answer drops the wire's iterator, which ends the exchange without reading the rest.
                    if !decoder.isComplete { state = .reading(wire, decoder) } else { state = .ended }
                case .inRead, .ended:
                    return nil
                }
            }
        } catch {
            state = .ended
            queue = []
            position = 0
            throw error
        }
        defer { position += 1 }
        return queue[position]
    }
}
