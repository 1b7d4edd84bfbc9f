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
    private let library: PluginLibrary
    private let instance: OpaquePointer

    private static let nextRequestID = Atomic<UInt64>(1)

    init(name: String, plugin: LoadedPlugin, library: PluginLibrary, instance: OpaquePointer) {
        self.name = name
        self.plugin = plugin
        self.library = library
        self.instance = instance
    }

    deinit {
        library.table.pointee.destroy(instance)
    }

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        let json = request.jsonBytes()
        let requestID = Self.nextRequestID.add(1, ordering: .relaxed).oldValue
        let queue = library.canResume ? ChunkQueue { [self] in resume(requestID) } : ChunkQueue(limit: .max)
        start(requestJSON: json, id: requestID, into: queue)
        let decoder = PluginStreamDecoder(queue, provider: name, pluginPath: plugin.path) { [self] in
            cancel(requestID)
        }
        return AsyncThrowingStream(unfolding: decoder.next)
    }

    func models() async throws -> [ModelInfo] {
        guard library.hasDiscovery else { return plugin.manifest.models }
        let requestID = Self.nextRequestID.add(1, ordering: .relaxed).oldValue
        let queue = ChunkQueue(limit: .max)
        return try await queue.single(ModelsEvent.self, provider: name, pluginPath: plugin.path) {
            listModels(id: requestID, into: queue)
        } cancel: { [self] in
            cancel(requestID)
        }.models
    }

    func embed(_ request: EmbeddingRequest) async throws -> EmbeddingResponse {
        let json = try JSONCoding.encode(request)
        let requestID = Self.nextRequestID.add(1, ordering: .relaxed).oldValue
        let queue = ChunkQueue(limit: .max)
        var response = try await queue.single(EmbeddingResponse.self, provider: name, pluginPath: plugin.path) {
            embed(requestJSON: json, id: requestID, into: queue)
        } cancel: { [self] in
            cancel(requestID)
        }
        response.provider = name
        return response
    }

    func health() async -> ProviderHealth {
        guard library.hasDiscovery else {
            return ProviderHealth(status: .ok, message: "the plugin (ABI 1.0) has no health check; assumed available")
        }
        let requestID = Self.nextRequestID.add(1, ordering: .relaxed).oldValue
        let queue = ChunkQueue(limit: .max)
        return await queue.health(provider: name, pluginPath: plugin.path) {
            checkHealth(id: requestID, into: queue)
        } cancel: { [self] in
            cancel(requestID)
        }
    }
}

/// The plugin's calls, one request each, with the request's events going to a ``PluginEventTarget``: the provider's
/// own methods above use them, and a `switchboard plugin-host` child relays its host's requests through them without
/// decoding (``PluginHostChild``), with the host's request ids.
extension PluginProvider {
    /// Starts request `id` with the request's JSON as the host encoded it.
    func start(requestJSON: [UInt8], id: UInt64, into target: any PluginEventTarget) {
        var sink = PluginEventReceiver(target: target, provider: name, pluginPath: plugin.path).sink()
        JSONCoding.withBuffer(requestJSON) { pointer, length in
            library.table.pointee.start(instance, id, pointer, length, &sink)
        }
    }

    /// Asks for the instance's live models (one `models` event); the manifest's models when the plugin has no
    /// discovery (ABI 1.0).
    func listModels(id: UInt64, into target: any PluginEventTarget) {
        guard library.hasDiscovery, let listModels = library.table.pointee.list_models else {
            Self.answer(ModelsEvent(models: plugin.manifest.models), to: target)
            return
        }
        var sink = PluginEventReceiver(target: target, provider: name, pluginPath: plugin.path).sink()
        listModels(instance, id, &sink)
    }

    /// Asks for the instance's health (one `health` event); "assumed available" when the plugin has no health check
    /// (ABI 1.0).
    func checkHealth(id: UInt64, into target: any PluginEventTarget) {
        guard library.hasDiscovery, let checkHealth = library.table.pointee.check_health else {
            let health = ProviderHealth(
                status: .ok, message: "the plugin (ABI 1.0) has no health check; assumed available")
            Self.answer(HealthEvent(health: health), to: target)
            return
        }
        var sink = PluginEventReceiver(target: target, provider: name, pluginPath: plugin.path).sink()
        checkHealth(instance, id, &sink)
    }

    /// Asks for the embeddings of `requestJSON` (an EmbeddingRequest; one `embeddings` event); `unsupported` when the
    /// plugin has no `embed` (ABI 1.2 and older, or a plugin that leaves it NULL).
    func embed(requestJSON: [UInt8], id: UInt64, into target: any PluginEventTarget) {
        guard library.hasEmbed, let embed = library.table.pointee.embed else {
            let version = "\(plugin.abiVersion.major).\(plugin.abiVersion.minor)"
            target.end(
                ProviderError(
                    .unsupported,
                    "plugin \(plugin.path) (ABI \(version)) has no embeddings; they need a plugin built against "
                        + "Switchboard ABI 1.3 that implements them",
                    provider: name))
            return
        }
        var sink = PluginEventReceiver(target: target, provider: name, pluginPath: plugin.path).sink()
        JSONCoding.withBuffer(requestJSON) { pointer, length in
            embed(instance, id, pointer, length, &sink)
        }
    }

    /// Cancels request `id` in the plugin.
    func cancel(_ id: UInt64) {
        library.table.pointee.cancel(instance, id)
    }

    /// Resumes request `id`, which the plugin paused because the host asked it to (ABI 1.2).
    func resume(_ id: UInt64) {
        guard library.canResume else { return }
        library.table.pointee.resume?(instance, id)
    }

    private static func answer(_ event: some Encodable, to target: any PluginEventTarget) {
        do {
            target.append(try JSONCoding.encode(event))
            target.end(nil)
        } catch {
            target.end(ProviderError(error, provider: nil))
        }
    }
}
