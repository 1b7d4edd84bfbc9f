extension ModelRegistry {
    /// Asks again every provider whose discovery failed in a way that says its server is down (it cannot be reached,
    /// timed out, answered with a server error or said it is overloaded), until each has answered: the first time
    /// after `firstInterval`, then twice as long each time, up to `maximumInterval`. A provider that refused for
    /// another reason (a wrong key, no discovery at all) is not asked again.
    ///
    /// Returns when no such provider is left, or when the task is cancelled. `switchboard serve` runs it after its
    /// first discovery, so an upstream that starts after the gateway, or answered too slowly then, has its models
    /// listed and routed to once it answers.
    /// - Parameters:
    ///   - timeout: How long each attempt may take.
    ///   - clock: The clock the waits between attempts are measured on.
    ///   - onDiscovered: Called with a provider's name when its discovery succeeds.
    public func rediscover(
        timeout: Duration, firstInterval: Duration = .seconds(1), maximumInterval: Duration = .seconds(60),
        clock: any ReliabilityClock = .system, onDiscovered: @Sendable (_ provider: String) -> Void = { _ in }
    ) async {
        var interval = firstInterval
        while case let waiting = providersToRediscover, !waiting.isEmpty {
            do { try await clock.sleep(for: interval) } catch { return }
            let failures = await refresh(waiting, timeout: timeout)
            for provider in waiting.subtracting(failures.keys).sorted() { onDiscovered(provider) }
            interval = min(interval * 2, maximumInterval)
        }
    }
}
