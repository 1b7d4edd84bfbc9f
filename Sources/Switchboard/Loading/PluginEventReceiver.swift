import SwitchboardABI
import SwitchboardKit

/// The context behind an `swb_event_sink`: queues each event's JSON bytes, as the plugin delivers them, and ends the
/// queue at `on_done` (with the plugin's error, if any).
///
/// It does no more than copy bytes on the plugin's thread: decoding happens on the consumer's side
/// (``PluginStreamDecoder``), so the producer stays ahead of the consumer, events queue up, and the consumer drains
/// them in batches (``PluginEventQueue``) without a thread wake-up per event.
///
/// The sink holds one retained reference, released by `on_done`; calling the sink after that violates the ABI (the
/// context is gone).
final class PluginEventReceiver: Sendable {
    private let queue: PluginEventQueue
    private let provider: String
    private let pluginPath: String

    init(queue: PluginEventQueue, provider: String, pluginPath: String) {
        self.queue = queue
        self.provider = provider
        self.pluginPath = pluginPath
    }

    /// A sink whose context retains this receiver until `on_done`.
    func retainedSink() -> swb_event_sink {
        swb_event_sink(
            struct_size: UInt32(MemoryLayout<swb_event_sink>.size),
            context: Unmanaged.passRetained(self).toOpaque(),
            on_event: { context, json, length in
                let receiver = Unmanaged<PluginEventReceiver>.fromOpaque(context!).takeUnretainedValue()
                receiver.queue.append(Array(UnsafeRawBufferPointer(start: json, count: length)))
            },
            on_done: { context, errorJSON, length in
                Unmanaged<PluginEventReceiver>.fromOpaque(context!).takeRetainedValue().done(errorJSON, length)
            }
        )
    }

    private func done(_ errorJSON: UnsafePointer<CChar>?, _ length: Int) {
        guard let errorJSON else {
            queue.end(nil)
            return
        }
        let error =
            (try? JSONCoding.decode(ProviderError.self, from: errorJSON, count: length))
            ?? ProviderError(.server, "plugin \(pluginPath) failed with an undecodable error", provider: provider)
        queue.end(ProviderError(error, provider: provider))
    }
}
