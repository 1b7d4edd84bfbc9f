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
        let id = nextRequestID.add(1, ordering: .relaxed).oldValue
        let payload: JSONValue
        do {
            payload = try JSONCoding.convert(request, to: JSONValue.self)
        } catch {
            let failure = ProviderError(.invalidRequest, "the request cannot be encoded: \(error)", provider: name)
            return AsyncThrowingStream { $0.finish(throwing: failure) }
        }
        let (events, continuation) = AsyncThrowingStream.makeStream(of: StreamEvent.self)
        let task = Task {
            do {
                for try await payload in try await self.call(.start(id: id, request: payload), id: id) {
                    var writer = JSONWriter()
                    writer.value(payload)
                    continuation.yield(try writer.bytes.withUnsafeBytes { try StreamEvent(jsonBytes: $0) })
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: ProviderError(error, provider: self.name))
            }
        }
        continuation.onTermination = { termination in
            if case .cancelled = termination { task.cancel() }
        }
        return events
    }

    package func models() async throws -> [ModelInfo] {
        let id = nextRequestID.add(1, ordering: .relaxed).oldValue
        for try await payload in try await call(.listModels(id: id), id: id) {
            return try JSONCoding.convert(payload, to: ModelsEvent.self).models
        }
        throw ProviderError(.server, "plugin \(pluginPath) answered list_models without a result", provider: name)
    }

    package func health() async -> ProviderHealth {
        let id = nextRequestID.add(1, ordering: .relaxed).oldValue
        do {
            for try await payload in try await call(.checkHealth(id: id), id: id) {
                return try JSONCoding.convert(payload, to: HealthEvent.self).health
            }
            return ProviderHealth(
                status: .unavailable, message: "plugin \(pluginPath) answered check_health without a result")
        } catch {
            return ProviderHealth(status: .unavailable, message: "\(ProviderError(error, provider: name))")
        }
    }

    /// Sends `message` (request `id`) to a running child and yields the payloads of its `event` answers; throws the
    /// error its `done` carries, `plugin_crashed` when the child dies, `timeout` after ``Options/requestTimeout``.
    private func call(_ message: PluginHostMessage, id: UInt64) async throws -> AsyncThrowingStream<
        JSONValue, any Error
    > {
        let child = try await runningChild()
        let answers = child.call(message, id: id)
        let (events, continuation) = AsyncThrowingStream.makeStream(of: JSONValue.self)
        let timeout = options.requestTimeout
        let provider = name
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            continuation.finish(
                throwing: ProviderError(
                    .timeout, "no answer within \(timeout) (the plugin runs in a child process)", provider: provider))
            child.send(.cancel(id: id))
            try await Task.sleep(for: .seconds(1))
            if child.isAlive, child.isWaiting(for: id) { child.stop() }
        }
        let relay = Task {
            do {
                for try await message in answers {
                    switch message {
                    case .done(_, let error?): throw error
                    case .event(_, let payload): continuation.yield(payload)
                    default: break
                    }
                }
                continuation.finish()
                watchdog.cancel()
                self.recordSuccess()
            } catch {
                continuation.finish(throwing: error)
                watchdog.cancel()
            }
        }
        continuation.onTermination = { termination in
            if case .cancelled = termination {
                child.send(.cancel(id: id))
                child.forget(id)
                relay.cancel()
                watchdog.cancel()
            }
        }
        return events
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
                executable: options.executable, pluginPath: pluginPath, provider: name, transport: options.transport,
                secrets: options.secrets)
        } catch {
            throw ProviderError(
                .pluginCrashed,
                "cannot start the plugin host \(options.executable) for \(pluginPath): \(error); set SWITCHBOARD_PLUGIN_HOST to the switchboard executable",
                provider: name)
        }
        for try await answer in child.call(.create(name: name, settings: settings), id: 0) {
            if case .created(var error?) = answer {
                child.stop()
                error.provider = name
                throw error
            }
        }
        state.withLock { $0.child = child }
        return child
    }

    private func recordSuccess() {
        state.withLock { $0.crashes = 0 }
    }
}
