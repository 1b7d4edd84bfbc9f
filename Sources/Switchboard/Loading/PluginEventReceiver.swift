import SwitchboardABI
import SwitchboardKit

/// Where a plugin's events for one request go: the request's ``ChunkQueue`` in the host, or the frames a
/// `switchboard plugin-host` child relays to its host.
protocol PluginEventTarget: Sendable {
    /// Takes one event's JSON, on the plugin's thread.
    /// - Returns: whether the plugin may go on; `false` asks it to pause until the host resumes the request.
    @discardableResult
    func append(_ event: [UInt8]) -> Bool
    /// Ends the request: with success (nil) or the plugin's error.
    func end(_ error: ProviderError?)
}

extension ChunkQueue: PluginEventTarget {}

/// The context behind one `swb_event_sink`: hands each event's JSON bytes, as the plugin delivers them, to its
/// ``PluginEventTarget``, and ends the request at `on_done` (with the plugin's error, if any).
///
/// It does no more than copy bytes on the plugin's thread: decoding happens on the consumer's side
/// (``PluginStreamDecoder``), so the producer stays ahead of the consumer, events queue up, and the consumer drains
/// them in batches (``ChunkQueue``) without a thread wake-up per event. Through `on_event_paced` (ABI 1.2) it passes
/// the target's flow control back: once the consumer is a queue's limit behind, the plugin is asked to pause until the
/// consumer has taken the events, so a slow consumer slows the plugin instead of queueing its whole answer.
///
/// The sink's `context` is not a pointer but the number of an entry in ``PluginSinkTable``, removed at `on_done`. A
/// plugin that breaks the ABI's "exactly once" rule (an event after `on_done`, a second `on_done`, a context the host
/// never issued) finds no entry: the call is ignored, and the first such call of each kind per plugin is logged as a
/// warning (docs/plugin-abi.md, "Late and unknown calls").
final class PluginEventReceiver: Sendable {
    private let target: any PluginEventTarget
    private let provider: String
    let pluginPath: String

    init(target: any PluginEventTarget, provider: String, pluginPath: String) {
        self.target = target
        self.provider = provider
        self.pluginPath = pluginPath
    }

    /// A sink whose context names this receiver in ``PluginSinkTable/shared`` until `on_done`.
    func sink() -> swb_event_sink {
        swb_event_sink(
            struct_size: UInt32(MemoryLayout<swb_event_sink>.size),
            context: PluginSinkTable.shared.register(self),
            on_event: { context, json, length in
                guard let receiver = PluginSinkTable.shared.receiver(context) else { return }
                receiver.target.append(Array(UnsafeRawBufferPointer(start: json, count: length)))
            },
            on_done: { context, errorJSON, length in
                PluginSinkTable.shared.remove(context)?.done(errorJSON, length)
            },
            on_event_paced: { context, json, length in
                guard let receiver = PluginSinkTable.shared.receiver(context) else { return SWB_FLOW_CONTINUE }
                let room = receiver.target.append(Array(UnsafeRawBufferPointer(start: json, count: length)))
                return room ? SWB_FLOW_CONTINUE : SWB_FLOW_PAUSE
            }
        )
    }

    private func done(_ errorJSON: UnsafePointer<CChar>?, _ length: Int) {
        guard let errorJSON else {
            target.end(nil)
            return
        }
        let error =
            JSONCoding.decodeError(from: errorJSON, count: length)
            ?? ProviderError(.server, "plugin \(pluginPath) failed with an undecodable error", provider: provider)
        target.end(ProviderError(error, provider: provider))
    }
}
