import Synchronization
import SwitchboardABI
import SwitchboardKit

/// The context behind an `swb_event_sink` for a chat stream: decodes each event and enforces the stream's contract.
///
/// The sink holds one retained reference, released by `on_done`; calling the sink after that violates the ABI (the
/// context is gone). An undecodable event, or a successful end without a `finish` event, becomes an error rather
/// than a silent success; events that arrive after the stream failed are dropped.
final class StreamReceiver: Sendable {
    private struct State {
        var sawFinish = false
        var ended = false
    }

    private let continuation: AsyncThrowingStream<StreamEvent, any Error>.Continuation
    private let provider: String
    private let pluginPath: String
    private let state = Mutex(State())

    init(continuation: AsyncThrowingStream<StreamEvent, any Error>.Continuation, provider: String, pluginPath: String) {
        self.continuation = continuation
        self.provider = provider
        self.pluginPath = pluginPath
    }

    /// A sink whose context retains this receiver until `on_done`.
    func retainedSink() -> swb_event_sink {
        swb_event_sink(
            struct_size: UInt32(MemoryLayout<swb_event_sink>.size),
            context: Unmanaged.passRetained(self).toOpaque(),
            on_event: { context, json, length in
                Unmanaged<StreamReceiver>.fromOpaque(context!).takeUnretainedValue().receive(json, length)
            },
            on_done: { context, errorJSON, length in
                Unmanaged<StreamReceiver>.fromOpaque(context!).takeRetainedValue().done(errorJSON, length)
            }
        )
    }

    private func receive(_ json: UnsafePointer<CChar>, _ length: Int) {
        let event: StreamEvent
        do {
            event = try StreamEvent(jsonBytes: UnsafeRawBufferPointer(start: json, count: length))
        } catch {
            fail("plugin \(pluginPath) sent an event that is not valid: \((error as? ProviderError)?.message ?? "\(error)")")
            return
        }
        let deliver = state.withLock { state in
            guard !state.ended else { return false }
            if case .finish = event { state.sawFinish = true }
            return true
        }
        if deliver { continuation.yield(event) }
    }

    private func done(_ errorJSON: UnsafePointer<CChar>?, _ length: Int) {
        let (alreadyEnded, sawFinish) = state.withLock { state in
            defer { state.ended = true }
            return (state.ended, state.sawFinish)
        }
        guard !alreadyEnded else { return }
        if let errorJSON {
            let error =
                (try? JSONCoding.decode(ProviderError.self, from: errorJSON, count: length))
                ?? ProviderError(.server, "plugin \(pluginPath) failed with an undecodable error", provider: provider)
            continuation.finish(throwing: ProviderError(error, provider: provider))
        } else if !sawFinish {
            continuation.finish(
                throwing: ProviderError(
                    .server,
                    "the stream ended without a finish event; the answer is incomplete",
                    provider: provider
                )
            )
        } else {
            continuation.finish()
        }
    }

    private func fail(_ message: String) {
        let alreadyEnded = state.withLock { state in
            defer { state.ended = true }
            return state.ended
        }
        if !alreadyEnded { continuation.finish(throwing: ProviderError(.server, message, provider: provider)) }
    }
}

/// The context behind an `swb_event_sink` for a call answered by raw JSON events (models, health).
final class RawReceiver: Sendable {
    private let continuation: AsyncThrowingStream<[UInt8], any Error>.Continuation
    private let provider: String

    init(continuation: AsyncThrowingStream<[UInt8], any Error>.Continuation, provider: String) {
        self.continuation = continuation
        self.provider = provider
    }

    /// A sink whose context retains this receiver until `on_done`.
    func retainedSink() -> swb_event_sink {
        swb_event_sink(
            struct_size: UInt32(MemoryLayout<swb_event_sink>.size),
            context: Unmanaged.passRetained(self).toOpaque(),
            on_event: { context, json, length in
                let receiver = Unmanaged<RawReceiver>.fromOpaque(context!).takeUnretainedValue()
                receiver.continuation.yield(Array(UnsafeRawBufferPointer(start: json, count: length)))
            },
            on_done: { context, errorJSON, length in
                let receiver = Unmanaged<RawReceiver>.fromOpaque(context!).takeRetainedValue()
                guard let errorJSON else {
                    receiver.continuation.finish()
                    return
                }
                let error =
                    (try? JSONCoding.decode(ProviderError.self, from: errorJSON, count: length))
                    ?? ProviderError(.server, "the plugin failed with an undecodable error")
                receiver.continuation.finish(throwing: ProviderError(error, provider: receiver.provider))
            }
        )
    }
}
