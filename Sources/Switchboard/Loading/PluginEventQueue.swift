import SwitchboardKit

/// The events a plugin has delivered for one request that its consumer has not taken yet, and how the request ended.
///
/// The plugin's sink appends on the plugin's thread; the consumer takes everything queued in one step
/// (``take()``), so a consumer that falls behind drains a whole batch per lock and per wake-up instead of one event
/// each. The type is not generic, so nothing on this path looks up generic metadata at run time (an
/// `AsyncThrowingStream`'s storage does, for every element, when it is used across module boundaries).
final class PluginEventQueue: Sendable {
    /// What ``take()`` hands over.
    enum Batch {
        /// Events in the order the plugin delivered them; never empty.
        case events([[UInt8]])
        /// The request ended: nil when the plugin reported success, else the error it ended with.
        case ended(ProviderError?)
    }

    private struct State {
        var events: [[UInt8]] = []
        var ended: ProviderError?? = nil
        var waiter: UnsafeContinuation<Void, Never>?

        mutating func takeWaiter() -> UnsafeContinuation<Void, Never>? {
            defer { waiter = nil }
            return waiter
        }

        mutating func takeBatch() -> Batch? {
            if !events.isEmpty {
                defer { events = [] }
                return .events(events)
            }
            if let ended { return .ended(ended) }
            return nil
        }
    }

    private let state = Locked(State())

    /// Queues one event's JSON; called on the plugin's thread. Events after the end are dropped.
    func append(_ event: [UInt8]) {
        let waiter: UnsafeContinuation<Void, Never>? = state.withLock { state in
            guard state.ended == nil else { return nil }
            state.events.append(event)
            return state.takeWaiter()
        }
        waiter?.resume()
    }

    /// Ends the request after the events already queued: with success (nil) or `error`. Only the first end counts.
    func end(_ error: ProviderError?) {
        let waiter: UnsafeContinuation<Void, Never>? = state.withLock { state in
            if state.ended == nil { state.ended = .some(error) }
            return state.takeWaiter()
        }
        waiter?.resume()
    }

    /// Ends the request at once, dropping the events not yet taken: the consumer was cancelled.
    func cancel(_ error: ProviderError) {
        let waiter: UnsafeContinuation<Void, Never>? = state.withLock { state in
            state.events = []
            if state.ended == nil { state.ended = .some(error) }
            return state.takeWaiter()
        }
        waiter?.resume()
    }

    /// Every event queued, or the end once nothing is; waits while there is neither. One consumer at a time.
    func take() async -> Batch {
        while true {
            if let batch = state.withLock({ $0.takeBatch() }) { return batch }
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
                let ready = state.withLock { state in
                    guard state.events.isEmpty, state.ended == nil else { return true }
                    state.waiter = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        }
    }
}

extension PluginEventQueue {
    /// Runs `call`, a request answered by exactly one event (`models`, `health`), and decodes that event.
    /// - Parameters:
    ///   - call: starts the request with this queue as its target.
    ///   - cancel: cancels the request in the plugin when the waiting task is cancelled.
    /// - Throws: the error the request ended with; `server` when it ended without an event or with one that does not
    ///   decode; `cancelled` when the waiting task was cancelled.
    func single<Event: Decodable & Sendable>(
        _ type: Event.Type, provider: String, pluginPath: String, call: () -> Void,
        cancel: @escaping @Sendable () -> Void
    ) async throws -> Event {
        try await withTaskCancellationHandler {
            call()
            var result: Event?
            while true {
                switch await take() {
                case .events(let events):
                    guard result == nil, let bytes = events.first else { continue }
                    do {
                        result = try bytes.withUnsafeBufferPointer { buffer in
                            try buffer.withMemoryRebound(to: CChar.self) {
                                try JSONCoding.decode(Event.self, from: $0.baseAddress, count: $0.count)
                            }
                        }
                    } catch {
                        throw ProviderError(
                            .server, "plugin \(pluginPath) answered with an event that does not decode: \(error)",
                            provider: provider)
                    }
                case .ended(let error):
                    if let error { throw error }
                    guard let result else {
                        throw ProviderError(
                            .server, "plugin \(pluginPath) answered without a result", provider: provider)
                    }
                    return result
                }
            }
        } onCancel: {
            self.cancel(ProviderError(.cancelled, "the request was cancelled", provider: provider))
            cancel()
        }
    }

    /// Runs `call`, a health check answered by one `health` event: the plugin's health, with the round trip as its
    /// latency when the plugin gave none, or `unavailable` with the reason when the check failed.
    func health(
        provider: String, pluginPath: String, call: () -> Void, cancel: @escaping @Sendable () -> Void
    ) async -> ProviderHealth {
        let clock = ContinuousClock()
        let started = clock.now
        do {
            var health = try await single(
                HealthEvent.self, provider: provider, pluginPath: pluginPath, call: call, cancel: cancel
            ).health
            if health.latencyMilliseconds == nil {
                let elapsed = clock.now - started
                health.latencyMilliseconds =
                    Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
            }
            return health
        } catch {
            return ProviderHealth(status: .unavailable, message: "\(ProviderError(error, provider: provider))")
        }
    }
}
