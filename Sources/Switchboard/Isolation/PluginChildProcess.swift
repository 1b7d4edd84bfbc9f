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
/// `@unchecked Sendable`: `process` and `pipes` are set in `init` and never replaced; after launch the process is only
/// queried (running, pid, termination), which Foundation's `Process` synchronizes. Everything mutable is in `state`.
final class PluginChildProcess: @unchecked Sendable {
    private struct State {
        var alive = true
        var requests: [UInt64: AsyncThrowingStream<PluginHostMessage, any Error>.Continuation] = [:]
        var exchanges: [UInt64: Task<Void, Never>] = [:]
    }

    let process: Process
    private let channel: PluginHostChannel
    /// The pipes' file handles close their descriptors when released, so they live as long as the child.
    private let pipes: [Pipe]
    private let provider: String
    private let transport: any HTTPTransport
    private let secrets: @Sendable (String) -> String?
    private let state = Locked(State())

    /// Starts `executable plugin-host pluginPath`.
    init(
        executable: String, pluginPath: String, provider: String, transport: any HTTPTransport,
        secrets: @escaping @Sendable (String) -> String?
    ) throws {
        // A write to a child that just died must fail with EPIPE, not kill the host.
        signal(SIGPIPE, SIG_IGN)
        let toChild = Pipe()
        let fromChild = Pipe()
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["plugin-host", pluginPath]
        process.standardInput = toChild
        process.standardOutput = fromChild
        try process.run()
        // The child's ends belong to the child alone: the host must see end-of-file when the child dies.
        try? toChild.fileHandleForReading.close()
        try? fromChild.fileHandleForWriting.close()
        channel = PluginHostChannel(
            input: fromChild.fileHandleForReading.fileDescriptor, output: toChild.fileHandleForWriting.fileDescriptor)
        pipes = [toChild, fromChild]
        self.provider = provider
        self.transport = transport
        self.secrets = secrets
        channel.startReading({ [self] in route($0) }, closed: { [self] in childClosed() })
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

    /// Kills the child (a hung plugin); its waiting requests then fail with `plugin_crashed`.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    private func route(_ message: PluginHostMessage) {
        switch message.op {
        case "created":
            finishAnswer(0, message)
        case "event":
            if let id = message.id { _ = state.withLock { $0.requests[id] }?.yield(message) }
        case "done":
            if let id = message.id { finishAnswer(id, message) }
        case "http_start":
            if let id = message.id { startExchange(id, message) }
        case "http_cancel":
            if let id = message.id { state.withLock { $0.exchanges.removeValue(forKey: id) }?.cancel() }
        case "get_secret":
            let value = message.name.flatMap(secrets)
            channel.send(PluginHostMessage("secret", id: message.id, bytes: value.map { Array($0.utf8) }))
        default:
            break
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

    private func startExchange(_ id: UInt64, _ message: PluginHostMessage) {
        let head = message.payload ?? [:]
        let request = HTTPRequest(
            method: head["method"]?.stringValue ?? "GET",
            url: head["url"]?.stringValue ?? "",
            headers: (head["headers"]?.arrayValue ?? []).compactMap { pair in
                guard let name = pair.arrayValue?.first?.stringValue, let value = pair.arrayValue?.last?.stringValue else { return nil }
                return HTTPHeader(name, value)
            },
            body: message.bytes ?? [],
            timeout: head["timeout_ms"]?.doubleValue.map { .milliseconds($0) }
        )
        let task = Task { [channel, transport] in
            do {
                let response = try await transport.execute(request)
                channel.send(
                    PluginHostMessage("http_head", id: id, status: response.head.status, headers: response.head.headers.map { [$0.name, $0.value] }))
                for try await chunk in response.body {
                    channel.send(PluginHostMessage("http_body", id: id, bytes: chunk))
                }
                channel.send(PluginHostMessage("http_end", id: id))
            } catch {
                channel.send(PluginHostMessage("http_end", id: id, error: ProviderError(error, provider: nil)))
            }
            _ = self.state.withLock { $0.exchanges.removeValue(forKey: id) }
        }
        state.withLock { $0.exchanges[id] = task }
    }

    private func childClosed() {
        process.waitUntilExit()
        let reason =
            switch process.terminationReason {
            case .uncaughtSignal: "was killed by signal \(process.terminationStatus) (\(String(cString: strsignal(process.terminationStatus))))"
            default: "exited with status \(process.terminationStatus)"
            }
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
