package import Foundation
import Synchronization
package import SwitchboardKit

/// A provider instance whose plugin runs in a child process (`isolation: process`), seen as an ordinary ``Provider``.
///
/// The child (`switchboard plugin-host PATH.so`) is started on first use. When it dies, its in-flight requests fail
/// with `plugin_crashed` and the next request starts a new one, after a backoff that doubles with each consecutive
/// crash. A request that outlives ``Options/requestTimeout`` fails with `timeout`; if the child then does not finish
/// it within a second of being cancelled, the child is presumed hung and killed.
package final class ProcessPluginProvider: Provider, Sendable {
    /// How the child is run.
    package struct Options: Sendable {
        /// The `switchboard` executable that serves `plugin-host`.
        package var executable: String
        /// The longest a request may run. Default: 10 minutes.
        package var requestTimeout: Duration
        /// The wait before restarting a child after its first crash; doubled per consecutive crash. Default: 0.1 s.
        package var restartBackoff: Duration
        /// The longest wait before a restart. Default: 30 s.
        package var maximumBackoff: Duration
        /// The transport that runs the child's HTTP exchanges.
        package var transport: any HTTPTransport
        /// Answers the child's secret lookups.
        package var secrets: @Sendable (String) -> String?

        /// Creates options; every argument but `executable` has a default.
        /// - Parameters:
        ///   - executable: The `switchboard` executable, see ``ProcessPluginProvider/defaultExecutable``.
        ///   - requestTimeout: The longest a request may run.
        ///   - restartBackoff: The first wait before a restart.
        ///   - maximumBackoff: The longest wait before a restart.
        ///   - transport: The host's HTTP transport.
        ///   - secrets: The host's secret lookup.
        package init(
            executable: String,
            requestTimeout: Duration = .seconds(600),
            restartBackoff: Duration = .milliseconds(100),
            maximumBackoff: Duration = .seconds(30),
            transport: any HTTPTransport = AsyncHTTPClientTransport.shared,
            secrets: @escaping @Sendable (String) -> String? = { ProcessInfo.processInfo.environment[$0] }
        ) {
            self.executable = executable
            self.requestTimeout = requestTimeout
            self.restartBackoff = restartBackoff
            self.maximumBackoff = maximumBackoff
            self.transport = transport
            self.secrets = secrets
        }
    }

    private struct State {
        var child: PluginChildProcess?
        var starting: Task<PluginChildProcess, any Error>?
        var crashes = 0
        var notBefore = ContinuousClock.now
    }

    /// The instance name.
    package let name: String
    /// The plugin file the child loads.
    package let pluginPath: String
    private let settings: JSONValue
    private let options: Options
    private let state = Locked(State())
    private let nextRequestID = Atomic<UInt64>(1)

    /// `$SWITCHBOARD_PLUGIN_HOST`, else the running executable when it is `switchboard`, else `switchboard` next to it.
    package static var defaultExecutable: String {
        if let path = ProcessInfo.processInfo.environment["SWITCHBOARD_PLUGIN_HOST"] { return path }
        let running = Bundle.main.executableURL?.resolvingSymlinksInPath()
        if let running, running.lastPathComponent == "switchboard" { return running.path }
        return (running?.deletingLastPathComponent().path ?? ".") + "/switchboard"
    }

    /// A provider named `name` served by the plugin at `pluginPath` with `settings`. No process starts until first use.
    package init(name: String, pluginPath: String, settings: JSONValue = [:], options: Options) {
        self.name = name
        self.pluginPath = pluginPath
        self.settings = settings
        self.options = options
    }

    deinit {
        state.withLock { $0.child }?.stop()
    }

    package func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        let json = request.jsonBytes()
        let id = nextRequestID.add(1, ordering: .relaxed).oldValue
        let queue = ChunkQueue()
        begin(.start(id: id, request: json), id: id, into: queue)
        let decoder = PluginStreamDecoder(queue, provider: name, pluginPath: pluginPath) { [self] in cancel(id) }
        return AsyncThrowingStream(unfolding: decoder.next)
    }

    package func models() async throws -> [ModelInfo] {
        let id = nextRequestID.add(1, ordering: .relaxed).oldValue
        let queue = ChunkQueue(limit: .max)
        return try await queue.single(ModelsEvent.self, provider: name, pluginPath: pluginPath) {
            begin(.listModels(id: id), id: id, into: queue)
        } cancel: { [self] in
            cancel(id)
        }.models
    }

    package func embed(_ request: EmbeddingRequest) async throws -> EmbeddingResponse {
        let json = try JSONCoding.encode(request)
        let id = nextRequestID.add(1, ordering: .relaxed).oldValue
        let queue = ChunkQueue(limit: .max)
        var response = try await queue.single(EmbeddingResponse.self, provider: name, pluginPath: pluginPath) {
            begin(.embed(id: id, request: json), id: id, into: queue)
        } cancel: { [self] in
            cancel(id)
        }
        response.provider = name
        return response
    }

    package func health() async -> ProviderHealth {
        let id = nextRequestID.add(1, ordering: .relaxed).oldValue
        let queue = ChunkQueue(limit: .max)
        return await queue.health(provider: name, pluginPath: pluginPath) {
            begin(.checkHealth(id: id), id: id, into: queue)
        } cancel: { [self] in
            cancel(id)
        }
    }

    /// Sends `message` (request `id`) to the running child, with `queue` taking its answers; when no child is running,
    /// starts one first (after the backoff, when the last one crashed), and a child that cannot start ends `queue`
    /// with its error.
    private func begin(_ message: PluginHostMessage, id: UInt64, into queue: ChunkQueue) {
        if let child = state.withLock({ $0.child }), child.isAlive {
            child.start(message, id: id, into: queue)
            return
        }
        Task {
            do {
                try await runningChild().start(message, id: id, into: queue)
            } catch {
                queue.end(ProviderError(error, provider: name))
            }
        }
    }

    /// Cancels request `id` in the child.
    private func cancel(_ id: UInt64) {
        state.withLock { $0.child }?.cancel(id)
    }

    /// The running child, started (after the backoff, when the last one crashed) and given its instance if need be.
    private func runningChild() async throws -> PluginChildProcess {
        let starting = state.withLock { state -> Task<PluginChildProcess, any Error> in
            if let child = state.child, child.isAlive { return Task { child } }
            if let starting = state.starting { return starting }
            if state.child != nil {
                state.crashes += 1
                let exponent = min(state.crashes - 1, 16)
                state.notBefore = .now + min(options.restartBackoff * (1 << exponent), options.maximumBackoff)
                state.child = nil
            }
            let notBefore = state.notBefore
            let task = Task { try await self.startChild(notBefore: notBefore) }
            state.starting = task
            return task
        }
        return try await starting.value
    }

    private func startChild(notBefore: ContinuousClock.Instant) async throws -> PluginChildProcess {
        defer { state.withLock { $0.starting = nil } }
        try await Task.sleep(until: notBefore, clock: .continuous)
        let child: PluginChildProcess
        do {
            child = try PluginChildProcess(
                executable: options.executable, pluginPath: pluginPath, provider: name,
                requestTimeout: options.requestTimeout, transport: options.transport, secrets: options.secrets,
                succeeded: { [weak self] in self?.recordSuccess() })
        } catch {
            throw ProviderError(
                .pluginCrashed,
                "cannot start the plugin host \(options.executable) for \(pluginPath): \(error); set SWITCHBOARD_PLUGIN_HOST to the switchboard executable",
                provider: name)
        }
        do {
            try await child.create(name: name, settings: settings)
        } catch {
            child.stop()
            throw ProviderError(error, provider: name)
        }
        state.withLock { $0.child = child }
        return child
    }

    private func recordSuccess() {
        state.withLock { $0.crashes = 0 }
    }
}
