import SwitchboardKit

/// The consumer's side of a plugin's chat stream: takes the queued events in batches, decodes each event's JSON where
/// the events are consumed, and enforces the stream's contract.
///
/// An undecodable event ends the stream with a `server` error naming the plugin; a stream that ends without a
/// `finish` event is an error rather than a silent success; a consumer cancelled while it waits ends the stream with
/// `cancelled`. Whenever the stream ends before the plugin did (cancelled, an invalid event, the consumer dropped the
/// stream), the plugin's request is cancelled.
///
/// `@unchecked Sendable`: ``next()`` is only called by the one task consuming the stream, one call at a time (the
/// `AsyncThrowingStream(unfolding:)` contract), so the batch and the flags are never touched concurrently; `deinit`
/// runs after the last call.
final class PluginStreamDecoder: @unchecked Sendable {
    private let queue: ChunkQueue
    private let provider: String
    private let pluginPath: String
    private let cancelRequest: @Sendable () -> Void
    private var batch: [[UInt8]] = []
    private var position = 0
    private var sawFinish = false
    private var pluginEnded = false
    private var ended = false

    /// - Parameters:
    ///   - queue: where the plugin's sink puts the request's events.
    ///   - cancelRequest: cancels the request in the plugin.
    init(
        _ queue: ChunkQueue, provider: String, pluginPath: String, cancelRequest: @escaping @Sendable () -> Void
    ) {
        self.queue = queue
        self.provider = provider
        self.pluginPath = pluginPath
        self.cancelRequest = cancelRequest
    }

    deinit {
        if !pluginEnded { cancelRequest() }
    }

    /// The next event, or nil after `finish` and the end of the stream.
    func next() async throws -> StreamEvent? {
        guard !ended else { return nil }
        do {
            while position == batch.count {
                let taken = await withTaskCancellationHandler {
                    await queue.take()
                } onCancel: { [queue, provider, cancelRequest] in
                    queue.cancel(ProviderError(.cancelled, "the request was cancelled", provider: provider))
                    cancelRequest()
                }
                switch taken {
                case .chunks(let events):
                    batch = events
                    position = 0
                case .ended(let error):
                    pluginEnded = true
                    ended = true
                    if let error { throw error }
                    if sawFinish { return nil }
                    throw ProviderError(
                        .server, "the stream ended without a finish event; the answer is incomplete", provider: provider
                    )
                }
            }
            let bytes = batch[position]
            position += 1
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
            batch = []
            if !pluginEnded {
                pluginEnded = true
                cancelRequest()
            }
            throw error
        }
    }
}
