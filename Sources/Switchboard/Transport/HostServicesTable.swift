import Foundation
import Logging
import Synchronization
import SwitchboardABI
import SwitchboardKit

/// The `swb_host_api` table the host lends one plugin: logging, secrets and the HTTP transport.
///
/// One table per plugin file, so log lines name the plugin. Tables are never freed: plugins are never unloaded.
///
/// `@unchecked Sendable`: `table` is written once in `init` and never changes; everything mutable is behind a lock.
final class HostServicesTable: @unchecked Sendable {
    /// The C table handed to the plugin's entry point.
    let table: UnsafePointer<swb_host_api>
    let logger: Logger
    let transport: any HTTPTransport
    let secrets: @Sendable (String) -> String?
    private let exchanges = Locked<[swb_http_id: Exchange]>([:])

    /// One exchange's task, and where it waits while the plugin has paused the body (ABI 1.2).
    private struct Exchange {
        let task: Task<Void, Never>
        let resumed: ResumeGate
    }

    /// Exchanges started through this table and not yet ended.
    var activeExchangeCount: Int { exchanges.withLock { $0.count } }

    private static let nextExchangeID = Atomic<UInt64>(1)

    /// A new HTTP exchange id, unique in the process (plugins' exchanges and ``ForwardedHTTPTransport``'s own share it).
    static func newExchangeID() -> swb_http_id {
        nextExchangeID.add(1, ordering: .relaxed).oldValue
    }

    /// Creates the table for the plugin at `pluginPath` and keeps it alive for the life of the process.
    init(pluginPath: String, transport: any HTTPTransport, secrets: @escaping @Sendable (String) -> String?) {
        var logger = Logger(label: "switchboard.plugin")
        logger[metadataKey: "plugin"] = "\(pluginPath)"
        self.logger = logger
        self.transport = transport
        self.secrets = secrets
        let table = UnsafeMutablePointer<swb_host_api>.allocate(capacity: 1)
        self.table = UnsafePointer(table)
        table.initialize(
            to: swb_host_api(
                struct_size: UInt32(MemoryLayout<swb_host_api>.size),
                abi_major: UInt16(SWB_ABI_MAJOR),
                abi_minor: UInt16(SWB_ABI_MINOR),
                // The table owns one reference to itself: it lives as long as the process, like the plugin.
                host_context: Unmanaged.passRetained(self).toOpaque(),
                log: { context, level, message, length in
                    HostServicesTable.from(context).log(level: level, message: message, length: length)
                },
                get_secret: { context, name, nameLength, callbackContext, callback in
                    let name = String(decoding: UnsafeRawBufferPointer(start: name, count: nameLength), as: UTF8.self)
                    guard let value = HostServicesTable.from(context).secrets(name) else {
                        callback(callbackContext, nil, 0)
                        return
                    }
                    let length = value.utf8.count
                    value.withCString { callback(callbackContext, $0, length) }
                },
                http_start: { context, requestJSON, requestLength, body, bodyLength, sink in
                    HostServicesTable.from(context).startExchange(
                        requestJSON: requestJSON,
                        requestLength: requestLength,
                        body: body.map { Array(UnsafeBufferPointer(start: $0, count: bodyLength)) } ?? [],
                        sink: HTTPSink(swb_http_sink_copy(sink))
                    )
                },
                http_cancel: { context, id in
                    HostServicesTable.from(context).cancelExchange(id)
                },
                http_resume: { context, id in
                    HostServicesTable.from(context).resumeExchange(id)
                }
            )
        )
    }

    private static func from(_ context: UnsafeMutableRawPointer?) -> HostServicesTable {
        Unmanaged<HostServicesTable>.fromOpaque(context!).takeUnretainedValue()
    }

    private func log(level: swb_log_level, message: UnsafePointer<CChar>, length: Int) {
        let text = String(decoding: UnsafeRawBufferPointer(start: message, count: length), as: UTF8.self)
        let swiftLevel: Logger.Level =
            switch level {
            case SWB_LOG_TRACE: .trace
            case SWB_LOG_DEBUG: .debug
            case SWB_LOG_INFO: .info
            case SWB_LOG_NOTICE: .notice
            case SWB_LOG_WARNING: .warning
            default: .error
            }
        logger.log(level: swiftLevel, "\(SecretPolicy.redactingURLs(in: text))")
    }

    private func startExchange(requestJSON: UnsafePointer<CChar>, requestLength: Int, body: [UInt8], sink: HTTPSink)
        -> swb_http_id
    {
        let id = Self.newExchangeID()
        let request: HTTPRequest
        do {
            request = try WireHTTPRequest(jsonBytes: UnsafeRawBufferPointer(start: requestJSON, count: requestLength))
                .request(body: body)
        } catch {
            sink.end(
                error: ProviderError(
                    .invalidRequest, "the plugin's HTTP request is not valid: \(error.briefDescription)"))
            return id
        }
        if let direct = transport as? any SinkDeliveringTransport {
            direct.start(request, id: id, into: sink)
            return id
        }
        let transport = transport
        let resumed = ResumeGate()
        exchanges.withLock { exchanges in
            let task = Task { [weak self] in
                await Self.run(request, on: transport, into: sink, resumed: resumed)
                self?.exchanges.withLock { _ = $0.removeValue(forKey: id) }
            }
            exchanges[id] = Exchange(task: task, resumed: resumed)
        }
        return id
    }

    private func cancelExchange(_ id: swb_http_id) {
        if let direct = transport as? any SinkDeliveringTransport {
            direct.cancel(id)
        } else {
            exchanges.withLock { $0[id] }?.task.cancel()
        }
    }

    private func resumeExchange(_ id: swb_http_id) {
        if let direct = transport as? any SinkDeliveringTransport {
            direct.resume(id)
        } else {
            exchanges.withLock { $0[id] }?.resumed.open()
        }
    }

    /// Runs one exchange into the plugin's sink, in the exchange's task (``HTTPTransport/exchange(_:onHead:onChunk:)``).
    /// While the plugin has paused the body, the next chunk is not read, so the transport stops reading the response
    /// and the server is slowed by TCP's own flow control. A body that outlives the request's deadline ends with
    /// `timeout`, though the deadline's timer ended it by cancelling the task.
    private static func run(
        _ request: HTTPRequest, on transport: any HTTPTransport, into sink: HTTPSink, resumed: ResumeGate
    ) async {
        do {
            try await transport.exchange(request, onHead: sink.head) { chunk in
                if !sink.body(chunk) {
                    await resumed.wait()
                    try Task.checkCancellation()
                }
            }
            try Task.checkCancellation()
            sink.end(error: nil)
        } catch let error as ProviderError where error.kind == .timeout {
            sink.end(error: error)
        } catch {
            sink.end(
                error: Task.isCancelled
                    ? ProviderError(.cancelled, "the request was cancelled") : ProviderError(error, provider: nil))
        }
    }
}

/// A transport that can deliver a plugin's exchange straight to the plugin's sink, on whatever thread the response
/// arrives, instead of through ``HTTPTransport/execute(_:)``'s task and stream: the `plugin-host` child's
/// ``ForwardedHTTPTransport``, whose response frames arrive on its channel's reader thread.
protocol SinkDeliveringTransport: HTTPTransport {
    /// Starts `request` as exchange `id` and returns at once; the response goes to `sink`, whose `on_end` comes
    /// exactly once.
    func start(_ request: HTTPRequest, id: swb_http_id, into sink: HTTPSink)
    /// Cancels exchange `id`; its `on_end` still comes. An unknown or finished id is ignored.
    func cancel(_ id: swb_http_id)
    /// Resumes exchange `id`, whose body the plugin paused. An unknown or finished id is ignored.
    func resume(_ id: swb_http_id)
}

/// A copy of a plugin's HTTP sink.
///
/// `@unchecked Sendable`: the ABI requires the plugin's callbacks to be callable from any thread; the context stays
/// valid until `on_end`, which ``end(error:)`` calls exactly once (the exchange's task is its only caller).
struct HTTPSink: @unchecked Sendable {
    let sink: swb_http_sink

    init(_ sink: swb_http_sink) { self.sink = sink }

    func head(_ head: HTTPResponseHead) {
        JSONCoding.withBuffer(WireHTTPRequest.headersJSON(head.headers)) {
            sink.on_head(sink.context, Int32(head.status), $0, $1)
        }
    }

    /// Delivers one body chunk.
    /// - Returns: whether the plugin takes more now; `false` when it paused the exchange (`on_body_paced`, ABI 1.2)
    ///   until its `http_resume`.
    func body(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return true }
            guard let paced = sink.on_body_paced else {
                sink.on_body(sink.context, base, buffer.count)
                return true
            }
            return paced(sink.context, base, buffer.count) == SWB_FLOW_CONTINUE
        }
    }

    func end(error: ProviderError?) {
        guard let error else {
            sink.on_end(sink.context, nil, 0)
            return
        }
        JSONCoding.withBuffer(JSONCoding.encodeError(error, provider: nil)) { sink.on_end(sink.context, $0, $1) }
    }
}
