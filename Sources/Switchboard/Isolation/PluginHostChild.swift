#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
import Foundation
import Synchronization
import SwitchboardKit

/// The child side of process isolation: `switchboard plugin-host PATH.so` loads one plugin and serves one provider
/// instance of it to the host over stdin/stdout frames (``PluginHostMessage``).
///
/// Requests are relayed, not re-encoded: a `start` frame's request JSON goes to the plugin as it is, and each event the
/// plugin delivers goes back as an `event` frame with the plugin's bytes, from the plugin's own thread; the host decodes
/// them where they are consumed. The plugin's host services are forwarded: HTTP exchanges and secret lookups run in
/// the parent. The plugin's log lines go to this process's standard error, which the host shares. Standard output is reserved for frames, so the
/// plugin's own writes to it are redirected to standard error.
package final class PluginHostChild: Sendable {
    private let pluginPath: String
    private let channel: PluginHostChannel
    private let transport: ForwardedHTTPTransport
    private let provider = Locked<PluginProvider?>(nil)
    private let secrets = Locked<[UInt64: CheckedSecret]>([:])
    private let flows = Locked<[UInt64: EventFlow]>([:])
    private let nextSecretID = Atomic<UInt64>(1)
    private let finished = DispatchSemaphore(value: 0)
    private let calls = DispatchGroup()

    /// How long the child waits, once the host has closed the channel, for the plugin calls in progress to return.
    static let drainTimeout = DispatchTimeInterval.seconds(1)

    /// Serves the plugin at `pluginPath` until the host closes the channel.
    public static func run(pluginPath: String) {
        let output = dup(STDOUT_FILENO)
        dup2(STDERR_FILENO, STDOUT_FILENO)
        // No signal(SIGPIPE, SIG_IGN): the channel's writes block SIGPIPE in the writing thread only.
        let child = PluginHostChild(
            pluginPath: pluginPath, channel: PluginHostChannel(input: STDIN_FILENO, output: output))
        child.channel.startReading({ child.handle($0) }, closed: { child.finished.signal() })
        child.finished.wait()
        // What the plugin is still doing (and logging) finishes first, unless it hangs.
        _ = child.calls.wait(timeout: .now() + drainTimeout)
    }

    private init(pluginPath: String, channel: PluginHostChannel) {
        self.pluginPath = pluginPath
        self.channel = channel
        self.transport = ForwardedHTTPTransport(channel: channel)
    }

    private func handle(_ message: PluginHostMessage) {
        switch message {
        case .create(let name, let settings):
            // Not on the reader thread: the plugin may look a secret up while it creates the instance.
            Thread.detachNewThread { self.create(name: name, settings: settings) }
        case .start(let id, _), .embed(let id, _), .listModels(let id), .checkHealth(let id):
            // Off the reader thread: a plugin's `start` may take its time, and its HTTP answers arrive on this thread.
            DispatchQueue.global().async(group: calls) { self.serve(message, id: id) }
        case .cancel(let id):
            provider.withLock { $0 }?.cancel(id)
        case .pause(let id):
            flows.withLock { $0[id] }?.askToPause()
        case .resume(let id):
            if flows.withLock({ $0[id] })?.resume() == true { provider.withLock { $0 }?.resume(id) }
        case .httpHead, .httpBody, .httpEnd:
            transport.deliver(message)
        case .secret(let id, let value):
            secrets.withLock { $0.removeValue(forKey: id) }?.answer(value)
        case .created, .event, .done, .httpStart, .httpCancel, .getSecret, .httpPause, .httpResume:
            break  // the child's own frames; a host never sends them
        }
    }

    private func create(name: String, settings: JSONValue) {
        let configuration = PluginLoader.Configuration(
            optionalDirectories: [],
            // The host checked the file (trust, checksum, compiler) before it started this child.
            allowCompilerMismatch: true,
            transport: transport,
            secrets: { [self] name in lookUpSecret(name) },
            trust: PluginTrustPolicy(allowUntrustedPaths: true)
        )
        do {
            let plugin = try PluginLoader(configuration: configuration).load(pluginPath).get()
            let made = try plugin.makeInstance(name: name, settings: settings)
            provider.withLock { $0 = made }
            channel.send(.created(error: nil))
        } catch let error as PluginLoadError {
            channel.send(.created(error: ProviderError(.server, error.description, provider: name)))
        } catch {
            channel.send(.created(error: ProviderError(error, provider: name)))
        }
    }

    private func serve(_ message: PluginHostMessage, id: UInt64) {
        let flow = EventFlow()
        flows.withLock { $0[id] = flow }
        let relay = EventRelay(id: id, channel: channel, flow: flow) { [flows] in
            _ = flows.withLock { $0.removeValue(forKey: id) }
        }
        guard let provider = provider.withLock({ $0 }) else {
            relay.end(ProviderError(.server, "no provider instance was created"))
            return
        }
        switch message {
        case .start(_, let request): provider.start(requestJSON: request, id: id, into: relay)
        case .embed(_, let request): provider.embed(requestJSON: request, id: id, into: relay)
        case .listModels: provider.listModels(id: id, into: relay)
        default: provider.checkHealth(id: id, into: relay)
        }
    }

    /// Asks the host for a secret and waits for the answer (the ABI's `get_secret` is synchronous).
    private func lookUpSecret(_ name: String) -> String? {
        let id = nextSecretID.add(1, ordering: .relaxed).oldValue
        let waiter = CheckedSecret()
        secrets.withLock { $0[id] = waiter }
        guard channel.send(.getSecret(id: id, name: name)) else { return nil }
        return waiter.wait()
    }
}

/// Where the plugin's events for one relayed request go: straight back to the host as frames. The host, not the
/// relay, knows how far its consumer is behind: its `pause` frame makes the relay ask the plugin to pause at its next
/// event, and its `resume` frame resumes the plugin (``EventFlow``).
private struct EventRelay: PluginEventTarget {
    let id: UInt64
    let channel: PluginHostChannel
    let flow: EventFlow
    let ended: @Sendable () -> Void

    func append(_ event: [UInt8]) -> Bool {
        channel.send(.event(id: id, payload: event))
        return flow.mayGoOn()
    }

    func end(_ error: ProviderError?) {
        ended()
        channel.send(.done(id: id, error: error))
    }
}

/// One relayed request's flow control. The host sends one `resume` for each `pause`, but the two travel separately
/// (a `resume` can overtake its `pause`), so the relay counts them: the plugin is asked to pause at its next event
/// while more pauses than resumes have come, and resumed when the resumes have caught up. The plugin is resumed only
/// if it was asked to pause, so it is never left a resume it would take for a later pause.
private final class EventFlow: Sendable {
    private struct State {
        var pauses = 0
        var resumes = 0
        var pluginPaused = false
    }

    private let state = Locked(State())

    func askToPause() {
        state.withLock { $0.pauses += 1 }
    }

    /// At each event: whether the plugin may go on; `false` when the host asked for a pause it has not resumed.
    func mayGoOn() -> Bool {
        state.withLock { state in
            guard !state.pluginPaused, state.pauses > state.resumes else { return true }
            state.pluginPaused = true
            return false
        }
    }

    /// The host's resume: whether the plugin is paused and, the resumes having caught up, must be resumed now.
    func resume() -> Bool {
        state.withLock { state in
            state.resumes += 1
            guard state.pluginPaused, state.resumes >= state.pauses else { return false }
            state.pluginPaused = false
            return true
        }
    }
}

/// One pending secret lookup: the asking thread waits until the reader thread answers.
private final class CheckedSecret: Sendable {
    private let value = Locked<String?>(nil)
    private let ready = DispatchSemaphore(value: 0)

    func answer(_ secret: String?) {
        value.withLock { $0 = secret }
        ready.signal()
    }

    func wait() -> String? {
        ready.wait()
        return value.withLock { $0 }
    }
}
