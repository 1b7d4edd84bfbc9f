#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
import Foundation
import SwitchboardKit

/// One running `switchboard plugin-host` child, seen from the host: it spawns the child, hands each request's events
/// to the request's ``ChunkQueue`` as its frames arrive (on the channel's reader thread, with no task of its own
/// per request), runs the child's HTTP exchanges on the host's transport and answers its secret lookups.
///
/// When the child dies every request still waiting fails with `plugin_crashed`, and ``isAlive`` turns false. One
/// watchdog task per child enforces the request deadline: a request that outlives it fails with `timeout` and is
/// cancelled in the child; when the child has not finished it a second later, the child is presumed hung and stopped.
///
/// **Teardown policy:** ``teardown``, SIGKILL at once. The host stops a child only when it is hung (a request outlived
/// its deadline and the cancel that followed) or no longer wanted; the child holds nothing worth a graceful stop (no
/// files, no state beyond requests that are failing anyway), and a hung plugin would not honour SIGTERM.
final class PluginChildProcess: Sendable {
    /// SIGKILL at once (see the type's documentation).
    static let teardown = ChildProcess.Teardown.kill
    /// How long a timed-out request's cancel may take before the child is presumed hung.
    static let cancelGrace = Duration.seconds(1)

    private struct Request {
        let target: ChunkQueue
        var deadline: ContinuousClock.Instant
        /// Whether the request timed out and was cancelled in the child (its `deadline` is then the cancel's grace).
        var timedOut = false
    }

    /// One HTTP exchange the host runs for the child, and where it waits while the child's plugin paused the body.
    private struct Exchange {
        let task: Task<Void, Never>
        let resumed: ResumeGate
        /// The `http_pause` frames the child sent that the task has not waited out yet.
        var pauses = 0
    }

    private struct State {
        var alive = true
        var creation: CheckedContinuation<Void, any Error>?
        var requests: [UInt64: Request] = [:]
        var exchanges: [UInt64: Exchange] = [:]
        var watchdog: Task<Void, Never>?
        var watchdogIdle: CheckedContinuation<Void, Never>?
    }

    private let child: ChildProcess
    private let channel: PluginHostChannel
    private let provider: String
    private let requestTimeout: Duration
    private let transport: any HTTPTransport
    private let secrets: @Sendable (String) -> String?
    private let succeeded: @Sendable () -> Void
    private let state = Locked(State())

    /// Starts `executable plugin-host pluginPath`; the child shares the host's stderr.
    /// - Parameters:
    ///   - requestTimeout: The longest a request may wait for its end.
    ///   - succeeded: Called when a request ends without an error.
    init(
        executable: String, pluginPath: String, provider: String, requestTimeout: Duration,
        transport: any HTTPTransport, secrets: @escaping @Sendable (String) -> String?,
        succeeded: @escaping @Sendable () -> Void
    ) throws {
        child = try ChildProcess.spawn(
            .init(
                executable: executable, arguments: ["plugin-host", pluginPath], standardError: .inherit,
                teardown: Self.teardown))
        // The child's ends are closed in the parent by `spawn`, so the host sees end-of-file when the child dies.
        channel = PluginHostChannel(input: child.standardOutput!, output: child.standardInput!)
        self.provider = provider
        self.requestTimeout = requestTimeout
        self.transport = transport
        self.secrets = secrets
        self.succeeded = succeeded
        channel.startReading({ [self] in route($0) }, closed: { [self] in childClosed() })
    }

    deinit {
        // The reader thread holds `self` until end of file, so the child has exited by now.
        if let input = child.standardInput { close(input) }
        if let output = child.standardOutput { close(output) }
    }

    /// Whether the child is still running and connected.
    var isAlive: Bool { state.withLock { $0.alive } }

    /// Creates the child's provider instance; throws the plugin's refusal, or `plugin_crashed` when the child dies.
    func create(name: String, settings: JSONValue) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let registered = state.withLock { state in
                guard state.alive else { return false }
                state.creation = continuation
                return true
            }
            if !registered || !channel.send(.create(name: name, settings: settings)) {
                state.withLock { $0.creation = nil }
                continuation.resume(throwing: crashed("the plugin's child process is not running"))
            }
        }
    }

    /// Sends `message` (`start`, `embed`, `list_models` or `check_health` for request `id`) and hands the child's answers to
    /// `target`: its events, then its end. When `target` has a limit and holds that much unread, the child is asked
    /// to pause the plugin (a `pause` frame), and to resume it once the consumer has taken the events (`resume`):
    /// one `resume` for each `pause`, in whatever order they reach the child.
    func start(_ message: PluginHostMessage, id: UInt64, into target: ChunkQueue) {
        target.onResume { [channel] in channel.sendDeferred(.resume(id: id)) }
        let (registered, wakeWatchdog) = state.withLock { state -> (Bool, CheckedContinuation<Void, Never>?) in
            guard state.alive else { return (false, nil) }
            state.requests[id] = Request(target: target, deadline: .now + requestTimeout)
            if state.watchdog == nil { state.watchdog = Task { await self.watch() } }
            defer { state.watchdogIdle = nil }
            return (true, state.watchdogIdle)
        }
        wakeWatchdog?.resume()
        if !registered || !channel.send(message) {
            finish(id, throwing: crashed("the plugin's child process is not running"))
        }
    }

    /// Cancels request `id` in the child and stops waiting for it.
    func cancel(_ id: UInt64) {
        _ = state.withLock { $0.requests.removeValue(forKey: id) }
        channel.send(.cancel(id: id))
    }

    /// Stops the child by ``teardown`` (a hung plugin); its waiting requests then fail with `plugin_crashed`.
    func stop() {
        child.beginTeardown()
    }

    private func route(_ message: PluginHostMessage) {
        switch message {
        case .created(let error):
            let creation = state.withLock { state in
                defer { state.creation = nil }
                return state.creation
            }
            if let error { creation?.resume(throwing: error) } else { creation?.resume() }
        case .event(let id, let payload):
            // An event for a request the host stopped waiting for (cancelled, timed out) is dropped.
            guard let target = state.withLock({ $0.requests[id]?.target }), !target.append(payload) else { return }
            channel.sendDeferred(.pause(id: id))
        case .done(let id, let error):
            guard let request = state.withLock({ $0.requests.removeValue(forKey: id) }) else { return }
            request.target.end(error.map { ProviderError($0, provider: provider) })
            if error == nil, !request.timedOut { succeeded() }
        case .httpStart(let id, let request):
            startExchange(id, request)
        case .httpCancel(let id):
            state.withLock { $0.exchanges.removeValue(forKey: id) }?.task.cancel()
        case .httpPause(let id):
            state.withLock { $0.exchanges[id]?.pauses += 1 }
        case .httpResume(let id):
            state.withLock { $0.exchanges[id] }?.resumed.open()
        case .getSecret(let id, let name):
            channel.sendDeferred(.secret(id: id, value: secrets(name)))
        case .create, .start, .embed, .listModels, .checkHealth, .cancel, .httpHead, .httpBody, .httpEnd, .secret,
            .pause, .resume:
            break  // the host's own frames; a child never sends them
        }
    }

    private func finish(_ id: UInt64, throwing error: ProviderError) {
        state.withLock { $0.requests.removeValue(forKey: id) }?.target.end(error)
    }

    /// Runs the child's exchange `id` on the host's transport, its response as frames. While the child has the body
    /// paused (`http_pause` until `http_resume`), the next chunk is not read, so the transport stops reading the
    /// response, as for a plugin in process. Each `http_pause` is waited out by one `http_resume`, which may have come
    /// first (``ResumeGate`` keeps it).
    private func startExchange(_ id: UInt64, _ request: HTTPRequest) {
        let resumed = ResumeGate()
        state.withLock { state in
            let task = Task { [channel, transport] in
                do {
                    try await transport.exchange(request) { head in
                        channel.send(.httpHead(id: id, status: head.status, headers: head.headers))
                    } onChunk: { chunk in
                        channel.send(.httpBody(id: id, bytes: chunk))
                        while self.takePause(of: id) {
                            await resumed.wait()
                            try Task.checkCancellation()
                        }
                    }
                    channel.send(.httpEnd(id: id, error: nil))
                } catch {
                    channel.send(.httpEnd(id: id, error: ProviderError(error, provider: nil)))
                }
                _ = self.state.withLock { $0.exchanges.removeValue(forKey: id) }
            }
            state.exchanges[id] = Exchange(task: task, resumed: resumed)
        }
    }

    /// Takes one `http_pause` of exchange `id` not yet waited out; false when there is none.
    private func takePause(of id: UInt64) -> Bool {
        state.withLock { state in
            guard let pauses = state.exchanges[id]?.pauses, pauses > 0 else { return false }
            state.exchanges[id]?.pauses = pauses - 1
            return true
        }
    }

    /// The watchdog: sleeps until the earliest deadline (or, with no request waiting, until one is), then times out
    /// what is overdue. It ends when the child does.
    private func watch() async {
        while !Task.isCancelled {
            let (alive, deadline) = state.withLock { ($0.alive, $0.requests.values.map(\.deadline).min()) }
            guard alive else { return }
            if let deadline {
                try? await Task.sleep(until: deadline, clock: .continuous)
            } else {
                await withCheckedContinuation { continuation in
                    let idle = state.withLock { state in
                        guard state.alive, state.requests.isEmpty else { return false }
                        state.watchdogIdle = continuation
                        return true
                    }
                    if !idle { continuation.resume() }
                }
            }
            expireOverdueRequests()
        }
    }

    private func expireOverdueRequests() {
        let now = ContinuousClock.now
        let (timedOut, hung) = state.withLock { state -> ([(UInt64, ChunkQueue)], Bool) in
            var timedOut: [(UInt64, ChunkQueue)] = []
            var hung = false
            for (id, request) in state.requests where request.deadline <= now {
                if request.timedOut {
                    hung = true
                } else {
                    timedOut.append((id, request.target))
                    state.requests[id]?.timedOut = true
                    state.requests[id]?.deadline = now + Self.cancelGrace
                }
            }
            return (timedOut, hung)
        }
        for (id, target) in timedOut {
            target.cancel(
                ProviderError(
                    .timeout, "no answer within \(requestTimeout) (the plugin runs in a child process)",
                    provider: provider))
            channel.send(.cancel(id: id))
        }
        if hung { stop() }
    }

    private func childClosed() {
        let reason = child.waitUntilExit().description
        let (creation, requests, exchanges, watchdog, idle) = state.withLock { state in
            state.alive = false
            defer {
                state.creation = nil
                state.requests = [:]
                state.exchanges = [:]
                state.watchdog = nil
                state.watchdogIdle = nil
            }
            return (state.creation, state.requests, state.exchanges, state.watchdog, state.watchdogIdle)
        }
        for exchange in exchanges.values { exchange.task.cancel() }
        watchdog?.cancel()
        idle?.resume()
        creation?.resume(throwing: crashed("the plugin's child process \(reason) while creating the instance"))
        for request in requests.values {
            request.target.end(crashed("the plugin's child process \(reason) during the request"))
        }
    }

    private func crashed(_ message: String) -> ProviderError {
        ProviderError(.pluginCrashed, message, provider: provider)
    }
}
