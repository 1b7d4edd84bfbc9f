import SwitchboardKit

extension ChunkQueue {
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
                case .chunks(let events):
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
