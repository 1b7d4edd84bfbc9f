import Switchboard

/// One strategy stream's iterator, handed from the request handler (which awaits the first element, so a failure
/// before the answer begins still gets its own status code) to the response body writer (which reads the rest).
///
/// `@unchecked Sendable`: the iterator is not `Sendable`, but the handler and then the body writer use it one after
/// the other, never at the same time — the body writer only runs once the handler has returned its response.
final class StreamCursor: @unchecked Sendable {
    private var iterator: AsyncThrowingStream<StrategyStreamEvent, any Error>.AsyncIterator

    /// Creates a cursor at the start of `stream`.
    init(_ stream: AsyncThrowingStream<StrategyStreamEvent, any Error>) {
        iterator = stream.makeAsyncIterator()
    }

    /// The next element, or nil at the end.
    func next() async throws -> StrategyStreamEvent? {
        try await iterator.next()
    }
}
