/// A response body turned into parsed elements (server-sent events, JSON lines) as the consumer asks for them.
///
/// It runs in the consumer's task, through `AsyncThrowingStream(unfolding:)`: no task of its own and no thread
/// wake-up per element. Dropping the stream drops the body's iterator, which cancels the exchange.
///
/// `@unchecked Sendable`: ``next()`` is only called by the one task consuming the stream, one call at a time (the
/// `AsyncThrowingStream(unfolding:)` contract), so the iterator, the parser and the queue are never touched
/// concurrently.
final class ParsedBody<Parser, Element: Sendable>: @unchecked Sendable {
    private var body: AsyncThrowingStream<[UInt8], any Error>.Iterator?
    /// Bytes read from the body before it was handed over (to tell a stream from a document), parsed first.
    private var leading: [UInt8]?
    private var parser: Parser
    private let push: (inout Parser, [UInt8]) throws -> [Element]
    private let finish: (inout Parser) -> Element?
    private let provider: String
    private var queue: [Element] = []
    private var position = 0

    /// - Parameters:
    ///   - body: the response body's iterator.
    ///   - leading: bytes already read from `body`, parsed before the rest.
    ///   - parser: the parser's initial state.
    ///   - provider: the provider instance, named in the body's errors.
    ///   - push: feeds one chunk to the parser and returns the elements it completes.
    ///   - finish: the element left in the parser at the end of the body, if any.
    init(
        _ body: AsyncThrowingStream<[UInt8], any Error>.Iterator,
        leading: [UInt8] = [],
        parser: Parser,
        provider: String,
        push: @escaping (inout Parser, [UInt8]) throws -> [Element],
        finish: @escaping (inout Parser) -> Element? = { _ in nil }
    ) {
        self.body = body
        self.leading = leading.isEmpty ? nil : leading
        self.parser = parser
        self.provider = provider
        self.push = push
        self.finish = finish
    }

    /// The next element, or nil at the end of the body.
    func next() async throws -> Element? {
        while position == queue.count {
            guard body != nil else { return nil }
            do {
                if let bytes = leading {
                    leading = nil
                    queue = try push(&parser, bytes)
                    position = 0
                    continue
                }
                guard let chunk = try await body?.next() else {
                    body = nil
                    return finish(&parser)
                }
                queue = try push(&parser, chunk)
                position = 0
            } catch var error as ProviderError {
                body = nil
                error.provider = error.provider ?? provider
                throw error
            } catch {
                body = nil
                throw error
            }
        }
        defer { position += 1 }
        return queue[position]
    }
}
