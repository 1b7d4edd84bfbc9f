#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
import Foundation
import SwitchboardKit

/// One running `switchboard plugin-host` child, seen from the host: it spawns the child, routes its frames to the
/// requests waiting for them, runs its HTTP exchanges on the host's transport and answers its secret lookups.
///
/// When the child dies every request still waiting fails with `plugin_crashed`, and ``isAlive`` turns false.
///
/// **Teardown policy:** ``teardown``, SIGKILL at once. The host stops a child only when it is hung (a request outlived
/// its deadline and the cancel that followed) or no longer wanted; the child holds nothing worth a graceful stop (no
/// files, no state beyond requests that are failing anyway), and a hung plugin would not honour SIGTERM.
final class PluginChildProcess: Sendable {
    /// SIGKILL at once (see the type's documentation).
    static let teardown = ChildProcess.Teardown.kill

    private struct State {
        var alive = true
        var requests: [UInt64: AsyncThrowingStream<PluginHostMessage, any Error>.Continuation] = [:]
        var exchanges: [UInt64: Task<Void, Never>] = [:]
    }

    private let child: ChildProcess
    private let channel: PluginHostChannel
    private let provider: String
    private let transport: any HTTPTransport
    private let secrets: @Sendable (String) -> String?
    private let state = Locked(State())

    /// Starts `executable plugin-host pluginPath`; the child shares the host's stderr.
    init(
        executable: String, pluginPath: String, provider: String, transport: any HTTPTransport,
        secrets: @escaping @Sendable (String) -> String?
    ) throws {
        child = try ChildProcess.spawn(
            .init(
                executable: executable, arguments: ["plugin-host", pluginPath], standardError: .inherit,
                teardown: Self.teardown))
        // The child's ends are closed in the parent by `spawn`, so the host sees end-of-file when the child dies.
        channel = PluginHostChannel(input: child.standardOutput!, output: child.standardInput!)
        self.provider = provider
        self.transport = transport
        self.secrets = secrets
        channel.startReading({ [self] in route($0) }, closed: { [self] in childClosed() })
    }

    deinit {
        // The reader thread holds `self` until end of file, so the child has exited by now.
        if let input = child.standardInput { close(input) }
        if let output = child.standardOutput { close(output) }
    }

    /// Whether the child is still running and connected.
    var isAlive: Bool { state.withLock { $0.alive } }

    /// Sends `message` for request `id` and returns the child's answers to it (`event`… then `done`, or `created`).
    func call(_ message: PluginHostMessage, id: UInt64) -> AsyncThrowingStream<PluginHostMessage, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: PluginHostMessage.self)
        let registered = state.withLock { state in
            guard state.alive else { return false }
            state.requests[id] = continuation
            return true
        }
        if !registered || !channel.send(message) {
            finish(id, throwing: crashed("the plugin's child process is not running"))
        }
        return stream
    }

    /// Sends a frame that expects no answer (`cancel`).
    func send(_ message: PluginHostMessage) {
        channel.send(message)
    }

    /// Stops waiting for request `id`.
    func forget(_ id: UInt64) {
        _ = state.withLock { $0.requests.removeValue(forKey: id) }
    }

    /// Stops the child by ``teardown`` (a hung plugin); its waiting requests then fail with `plugin_crashed`.
    func stop() {
        child.beginTeardown()
    }

    private func route(_ message: PluginHostMessage) {
        switch message {
        case .created:
            finishAnswer(0, message)
        case .event(let id, _):
            _ = state.withLock { $0.requests[id] }?.yield(message)
        case .done(let id, _):
            finishAnswer(id, message)
        case .httpStart(let id, let request):
            startExchange(id, request)
        case .httpCancel(let id):
            state.withLock { $0.exchanges.removeValue(forKey: id) }?.cancel()
        case .getSecret(let id, let name):
            channel.send(.secret(id: id, value: secrets(name)))
        case .create, .start, .listModels, .checkHealth, .cancel, .httpHead, .httpBody, .httpEnd, .secret:
            break  // the host's own frames; a child never sends them
        }
    }

    private func finishAnswer(_ id: UInt64, _ message: PluginHostMessage) {
        guard let continuation = state.withLock({ $0.requests.removeValue(forKey: id) }) else { return }
        continuation.yield(message)
        continuation.finish()
    }

    private func finish(_ id: UInt64, throwing error: ProviderError) {
        state.withLock { $0.requests.removeValue(forKey: id) }?.finish(throwing: error)
    }

    private func startExchange(_ id: UInt64, _ request: HTTPRequest) {
        let task = Task { [channel, transport] in
            do {
                let response = try await transport.execute(request)
                channel.send(.httpHead(id: id, status: response.head.status, headers: response.head.headers))
                for try await chunk in response.body {
                    channel.send(.httpBody(id: id, bytes: chunk))
                }
                channel.send(.httpEnd(id: id, error: nil))
            } catch {
                channel.send(.httpEnd(id: id, error: ProviderError(error, provider: nil)))
            }
            _ = self.state.withLock { $0.exchanges.removeValue(forKey: id) }
        }
        state.withLock { $0.exchanges[id] = task }
    }

    private func childClosed() {
        let reason = child.waitUntilExit().description
        let (requests, exchanges) = state.withLock { state in
            state.alive = false
            defer {
                state.requests = [:]
                state.exchanges = [:]
            }
            return (state.requests, state.exchanges)
        }
        for task in exchanges.values { task.cancel() }
        for continuation in requests.values {
            continuation.finish(throwing: crashed("the plugin's child process \(reason) during the request"))
        }
    }

    private func crashed(_ message: String) -> ProviderError {
        ProviderError(.pluginCrashed, message, provider: provider)
    }
}

extension PluginChildProcess {
    /// Whether request `id` is still waiting for its answer.
    func isWaiting(for id: UInt64) -> Bool {
        state.withLock { $0.requests[id] != nil }
    }
}
