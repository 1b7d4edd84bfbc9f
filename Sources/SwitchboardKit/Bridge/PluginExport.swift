import Foundation
import SwitchboardABI

/// Exports a Swift ``ProviderPlugin`` through the C plugin boundary.
///
/// A plugin's whole export is one line:
/// ```swift
/// @_cdecl("switchboard_plugin_entry_v1")
/// public func entry(_ host: UnsafeRawPointer?) -> UnsafeRawPointer? { PluginExport.entry(host, MyPlugin.self) }
/// ```
public enum PluginExport {
    /// Builds the plugin's table on first call and returns it; later calls return the same table.
    ///
    /// - Parameters:
    ///   - host: the host's `swb_host_api` table.
    ///   - plugin: the plugin's type.
    /// - Returns: the `swb_plugin_api` table, or nil when the host speaks another ABI major or its table is too
    ///   small (the host then reports the plugin as refusing to load).
    public static func entry(_ host: UnsafeRawPointer?, _ plugin: any ProviderPlugin.Type) -> UnsafeRawPointer? {
        guard let host else { return nil }
        let hostTable = host.assumingMemoryBound(to: swb_host_api.self)
        guard hostTable.pointee.abi_major == SWB_ABI_MAJOR,
            Int(hostTable.pointee.struct_size) >= hostTableSizeV1_0
        else { return nil }
        return UnsafeRawPointer(PluginRuntime.install(host: hostTable, plugin: plugin))
    }

    /// The size of an ABI 1.0 host table (`SWB_HOST_API_SIZE_V1_0`): the smallest a plugin accepts.
    private static let hostTableSizeV1_0 = MemoryLayout<swb_host_api>.offset(of: \swb_host_api.http_resume)!
}

/// The plugin's process-wide state: its table, its manifest and the host's services.
enum PluginRuntime {
    /// `@unchecked Sendable`: the table is written once, before it is shared, and never changes or goes away.
    private struct Installed: @unchecked Sendable {
        let table: UnsafeMutablePointer<swb_plugin_api>
    }

    private static let installed = Locked<Installed?>(nil)

    // Written once, under `installed`'s lock, before the table is handed out; read-only afterwards.
    nonisolated(unsafe) private static var plugin: (any ProviderPlugin.Type)?
    nonisolated(unsafe) private static var services: HostServices?
    nonisolated(unsafe) private static var manifestJSON: [UInt8] = []

    static func install(host: UnsafePointer<swb_host_api>, plugin: any ProviderPlugin.Type) -> UnsafePointer<
        swb_plugin_api
    > {
        installed.withLock { installed in
            if let installed { return UnsafePointer(installed.table) }
            Self.plugin = plugin
            Self.services = HostServices(table: host)
            Self.manifestJSON = (try? JSONCoding.encode(plugin.manifest)) ?? []
            let table = UnsafeMutablePointer<swb_plugin_api>.allocate(capacity: 1)
            table.initialize(to: makeTable())
            installed = Installed(table: table)
            return UnsafePointer(table)
        }
    }

    private static func makeTable() -> swb_plugin_api {
        swb_plugin_api(
            struct_size: UInt32(MemoryLayout<swb_plugin_api>.size),
            abi_major: UInt16(SWB_ABI_MAJOR),
            abi_minor: UInt16(SWB_ABI_MINOR),
            swift_compiler: UnsafePointer(strdup(SwiftCompiler.version)),
            manifest: { context, callback in
                JSONCoding.withBuffer(PluginRuntime.manifestJSON) { callback(context, $0, $1) }
            },
            create: { settings, length, context, onError in
                do {
                    let document = try JSONCoding.decode(CreateInstanceDocument.self, from: settings, count: length)
                    guard let plugin = PluginRuntime.plugin, let services = PluginRuntime.services else {
                        throw ProviderError(.server, "the plugin was not initialised through its entry point")
                    }
                    let provider = try plugin.makeProvider(
                        ProviderContext(name: document.name, settings: document.settings, host: services)
                    )
                    return OpaquePointer(Unmanaged.passRetained(InstanceBox(provider: provider)).toOpaque())
                } catch {
                    JSONCoding.withBuffer(JSONCoding.encodeError(error, provider: nil)) { onError(context, $0, $1) }
                    return nil
                }
            },
            destroy: { instance in
                Unmanaged<InstanceBox>.fromOpaque(UnsafeRawPointer(instance)).release()
            },
            start: { instance, requestID, json, length, sink in
                let box = InstanceBox.from(instance)
                let sink = EventSink(swb_event_sink_copy(sink))
                do {
                    guard length > 0 else {
                        throw ProviderError(.invalidRequest, "expected a JSON document, found nothing")
                    }
                    let request = try ChatRequest(jsonBytes: UnsafeRawBufferPointer(start: json, count: length))
                    box.startChat(id: requestID, request: request, sink: sink)
                } catch {
                    let invalid = ProviderError(
                        .invalidRequest,
                        "the request JSON is not a valid ChatRequest: \(error.briefDescription)",
                        provider: box.provider.name
                    )
                    sink.done(error: invalid, provider: box.provider.name)
                }
            },
            cancel: { instance, requestID in
                InstanceBox.from(instance).cancel(id: requestID)
            },
            list_models: { instance, requestID, sink in
                let box = InstanceBox.from(instance)
                box.run(id: requestID, sink: EventSink(swb_event_sink_copy(sink))) { provider in
                    ModelsEvent(models: try await provider.models())
                }
            },
            check_health: { instance, requestID, sink in
                let box = InstanceBox.from(instance)
                box.run(id: requestID, sink: EventSink(swb_event_sink_copy(sink))) { provider in
                    HealthEvent(health: await provider.health())
                }
            },
            resume: { instance, requestID in
                InstanceBox.from(instance).resume(id: requestID)
            },
            embed: { instance, requestID, json, length, sink in
                let box = InstanceBox.from(instance)
                let sink = EventSink(swb_event_sink_copy(sink))
                do {
                    let request = try JSONCoding.decode(EmbeddingRequest.self, from: json, count: length)
                    box.run(id: requestID, sink: sink) { provider in
                        var response = try await provider.embed(request)
                        response.provider = provider.name
                        return response
                    }
                } catch {
                    let invalid = ProviderError(
                        .invalidRequest,
                        "the request JSON is not a valid EmbeddingRequest: \(error.briefDescription)",
                        provider: box.provider.name
                    )
                    sink.done(error: invalid, provider: box.provider.name)
                }
            }
        )
    }
}

/// The document `create` receives: `{"name":"lmstudio","settings":{…}}`.
struct CreateInstanceDocument: Codable {
    var name: String
    var settings: JSONValue

    init(name: String, settings: JSONValue) {
        self.name = name
        self.settings = settings
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        settings = try container.decodeIfPresent(JSONValue.self, forKey: .settings) ?? [:]
    }
}

/// `{"type":"models","models":[…]}`: the result of `list_models`.
package struct ModelsEvent: Codable, Sendable {
    package var type = "models"
    package var models: [ModelInfo]

    package init(models: [ModelInfo]) { self.models = models }
}

/// `{"type":"health","status":…,"message":…}`: the result of `check_health`.
package struct HealthEvent: Codable, Sendable {
    package var type = "health"
    package var health: ProviderHealth

    package init(health: ProviderHealth) { self.health = health }

    private enum CodingKeys: String, CodingKey { case type, status, message, latencyMilliseconds = "latency_ms" }

    package init(from decoder: any Decoder) throws {
        health = try ProviderHealth(from: decoder)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try health.encode(to: encoder)
    }
}

/// A copy of the host's event sink.
///
/// `@unchecked Sendable`: the ABI requires the host's sink callbacks to be callable from any thread, and the
/// context stays valid until `on_done`, which ``done(error:provider:)`` calls exactly once.
struct EventSink: @unchecked Sendable {
    let sink: swb_event_sink

    init(_ sink: swb_event_sink) { self.sink = sink }

    /// Delivers one event.
    /// - Returns: whether the host takes more now; `false` when it paused the request (`on_event_paced`, ABI 1.2)
    ///   until it calls the table's `resume`.
    @discardableResult
    func event(_ bytes: [UInt8]) -> Bool {
        JSONCoding.withBuffer(bytes) { json, length in
            guard let paced = sink.on_event_paced else {
                sink.on_event(sink.context, json, length)
                return true
            }
            return paced(sink.context, json, length) == SWB_FLOW_CONTINUE
        }
    }

    func done(error: (any Error)?, provider: String) {
        guard let error else {
            sink.on_done(sink.context, nil, 0)
            return
        }
        JSONCoding.withBuffer(JSONCoding.encodeError(error, provider: provider)) { sink.on_done(sink.context, $0, $1) }
    }
}

/// One provider instance behind a `swb_instance *`, with its running requests.
final class InstanceBox: Sendable {
    let provider: any Provider
    private let running = Locked<[swb_request_id: Request]>([:])

    /// One running request: its task, and where it waits while the host has paused its events.
    private struct Request {
        let task: Task<Void, Never>
        let resumed: ResumeGate
    }

    /// How long a request's task runs on after its first content before yielding its thread once.
    private static let firstTokenGrace = Duration.microseconds(200)

    init(provider: any Provider) { self.provider = provider }

    static func from(_ instance: OpaquePointer) -> InstanceBox {
        Unmanaged<InstanceBox>.fromOpaque(UnsafeRawPointer(instance)).takeUnretainedValue()
    }

    func startChat(id: swb_request_id, request: ChatRequest, sink: EventSink) {
        let provider = provider
        track(id: id) { resumed in
            do {
                var firstContent: ContinuousClock.Instant?
                var yielded = false
                for try await event in provider.stream(request) {
                    // Paused by the host: the provider's stream is not read on until the host resumes, so its HTTP
                    // body backs up into the host's transport, and the server is slowed.
                    if !sink.event(event.jsonBytes()) {
                        await resumed.wait()
                        try Task.checkCancellation()
                    }
                    // A burst of events already received (a whole HTTP chunk of them) runs through here without a
                    // suspension, and on a machine with few cores the consumer's task waits for a thread until the
                    // burst is over. Once the first content has been out for a while, yield once, so the first token
                    // reaches the caller within ~0.2 ms; a short answer ends before that and pays nothing.
                    if !yielded {
                        if let firstContent {
                            if ContinuousClock.now - firstContent > Self.firstTokenGrace {
                                yielded = true
                                await Task.yield()
                            }
                        } else if event.isContent {
                            firstContent = .now
                        }
                    }
                }
                try Task.checkCancellation()
                sink.done(error: nil, provider: provider.name)
            } catch {
                sink.done(error: Task.isCancelled ? CancellationError() : error, provider: provider.name)
            }
        }
    }

    func run(
        id: swb_request_id, sink: EventSink,
        _ body: @escaping @Sendable (any Provider) async throws -> some Encodable & Sendable
    ) {
        let provider = provider
        track(id: id) { _ in
            do {
                sink.event(try JSONCoding.encode(try await body(provider)))
                sink.done(error: nil, provider: provider.name)
            } catch {
                sink.done(error: error, provider: provider.name)
            }
        }
    }

    func cancel(id: swb_request_id) {
        running.withLock { $0[id] }?.task.cancel()
    }

    func resume(id: swb_request_id) {
        running.withLock { $0[id] }?.resumed.open()
    }

    /// Runs `body` in a task registered under `id` until it ends, handing it the gate the host's `resume` opens.
    /// Registration happens under the lock, so the task's own removal (which takes the lock too) cannot overtake it.
    private func track(id: swb_request_id, _ body: @escaping @Sendable (ResumeGate) async -> Void) {
        let resumed = ResumeGate()
        running.withLock { running in
            let task = Task { [weak self] in
                await body(resumed)
                self?.running.withLock { _ = $0.removeValue(forKey: id) }
            }
            running[id] = Request(task: task, resumed: resumed)
        }
    }
}
