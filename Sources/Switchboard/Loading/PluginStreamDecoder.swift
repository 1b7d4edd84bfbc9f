import SwitchboardKit

/// The consumer's side of a plugin's chat stream: decodes each event's JSON where the events are consumed, and
/// enforces the stream's contract.
///
/// An undecodable event ends the stream with a `server` error naming the plugin; a stream that ends without a
/// `finish` event is an error rather than a silent success; a stream cut off because the consumer was cancelled
/// ends with `cancelled`.
///
/// `@unchecked Sendable`: ``next()`` is only called by the one task consuming the stream, one call at a time (the
/// `AsyncThrowingStream(unfolding:)` contract), so the iterator and the flags are never touched concurrently.
final class PluginStreamDecoder: @unchecked Sendable {
    private var events: AsyncThrowingStream<[UInt8], any Error>.Iterator
    private let provider: String
    private let pluginPath: String
    private var sawFinish = false
    private var ended = false

    init(_ events: AsyncThrowingStream<[UInt8], any Error>, provider: String, pluginPath: String) {
        self.events = events.makeAsyncIterator()
        self.provider = provider
        self.pluginPath = pluginPath
    }

    /// The next event, or nil after `finish` and the end of the stream.
    func next() async throws -> StreamEvent? {
        guard !ended else { return nil }
        do {
            guard let bytes = try await events.next() else {
                ended = true
                if sawFinish { return nil }
                if Task.isCancelled { throw ProviderError(.cancelled, "the request was cancelled", provider: provider) }
                throw ProviderError(.server, "the stream ended without a finish event; the answer is incomplete", provider: provider)
            }
            let event: StreamEvent
            do {
                event = try bytes.withUnsafeBytes { try StreamEvent(jsonBytes: $0) }
            } catch {
                throw ProviderError(
                    .server,
                    "plugin \(pluginPath) sent an event that is not valid: \((error as? ProviderError)?.message ?? "\(error)")",
                    provider: provider
                )
            }
            if case .finish = event { sawFinish = true }
            return event
        } catch {
            ended = true
            events = AsyncThrowingStream<[UInt8], any Error> { $0.finish() }.makeAsyncIterator()
            throw error
        }
    }
}
