import Synchronization
import SwitchboardABI
import SwitchboardKit

/// A provider instance living in a plugin, seen through the C table as an ordinary ``Provider``.
///
/// `@unchecked Sendable`: the instance pointer is only passed to the plugin's functions, which the ABI requires to be
/// callable from any thread; it is destroyed in `deinit`, after every request (each holds a reference) has ended.
final class PluginProvider: Provider, @unchecked Sendable {
    let name: String
    let plugin: LoadedPlugin
    private let instance: OpaquePointer

    private static let nextRequestID = Atomic<UInt64>(1)

    init(name: String, plugin: LoadedPlugin, instance: OpaquePointer) {
        self.name = name
        self.plugin = plugin
        self.instance = instance
    }

    deinit {
        plugin.table.pointee.destroy(instance)
    }

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        let json: [UInt8]
        do {
            json = try JSONCoding.encode(request)
        } catch {
            let failure = ProviderError(.invalidRequest, "the request cannot be encoded: \(error)", provider: name)
            return AsyncThrowingStream { $0.finish(throwing: failure) }
        }
        let requestID = Self.nextRequestID.add(1, ordering: .relaxed).oldValue
        let queue = PluginEventQueue()
        var sink = PluginEventReceiver(queue: queue, provider: name, pluginPath: plugin.path).retainedSink()
        JSONCoding.withBuffer(json) { pointer, length in
            plugin.table.pointee.start(instance, requestID, pointer, length, &sink)
        }
        let decoder = PluginStreamDecoder(queue, provider: name, pluginPath: plugin.path) { [self] in
            plugin.table.pointee.cancel(instance, requestID)
        }
        return AsyncThrowingStream(unfolding: decoder.next)
    }

    func models() async throws -> [ModelInfo] {
        guard plugin.hasDiscovery, let listModels = plugin.table.pointee.list_models else {
            return plugin.manifest.models
        }
        let event = try await single(ModelsEvent.self) { id, sink in listModels(instance, id, sink) }
        return event.models
    }

    func health() async -> ProviderHealth {
        guard plugin.hasDiscovery, let checkHealth = plugin.table.pointee.check_health else {
            return ProviderHealth(status: .ok, message: "the plugin (ABI 1.0) has no health check; assumed available")
        }
        let clock = ContinuousClock()
        let started = clock.now
        do {
            var health = try await single(HealthEvent.self) { id, sink in checkHealth(instance, id, sink) }.health
            if health.latencyMilliseconds == nil {
                let elapsed = clock.now - started
                health.latencyMilliseconds =
                    Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
            }
            return health
        } catch {
            return ProviderHealth(status: .unavailable, message: "\(ProviderError(error, provider: name))")
        }
    }

    /// Runs one call that answers with exactly one event, and decodes it.
    private func single<Event: Decodable & Sendable>(
        _ type: Event.Type,
        _ call: (swb_request_id, UnsafePointer<swb_event_sink>) -> Void
    ) async throws -> Event {
        let requestID = Self.nextRequestID.add(1, ordering: .relaxed).oldValue
        let queue = PluginEventQueue()
        var sink = PluginEventReceiver(queue: queue, provider: name, pluginPath: plugin.path).retainedSink()
        return try await withTaskCancellationHandler {
            call(requestID, &sink)
            var result: Event?
            while true {
                switch await queue.take() {
                case .events(let events):
                    guard result == nil, let bytes = events.first else { continue }
                    result = try bytes.withUnsafeBufferPointer { buffer in
                        try buffer.withMemoryRebound(to: CChar.self) {
                            try JSONCoding.decode(Event.self, from: $0.baseAddress, count: $0.count)
                        }
                    }
                case .ended(let error):
                    if let error { throw error }
                    guard let result else {
                        throw ProviderError(.server, "plugin \(plugin.path) answered without a result", provider: name)
                    }
                    return result
                }
            }
        } onCancel: { [name] in
            queue.cancel(ProviderError(.cancelled, "the request was cancelled", provider: name))
            plugin.table.pointee.cancel(instance, requestID)
        }
    }
}
