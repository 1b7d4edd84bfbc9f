public import SwitchboardKit

/// Background health checks (`routing.health_checks`): every interval, each provider's `health()`, with a timeout.
/// An `unavailable` verdict trips the provider's circuit breaker; an `ok` one closes a half-open breaker, as a
/// successful probe would. The latest verdicts show in ``SwitchboardHost/availability(timeout:)``.
///
/// ```swift
/// host.healthMonitor.start()      // no-op unless routing.health_checks.interval_ms > 0
/// await host.healthMonitor.stop()
/// ```
public final class HealthMonitor: Sendable {
    private struct State {
        var task: Task<Void, Never>?
        var latest: [String: ProviderHealth] = [:]
    }

    private let providers: ProviderRegistry
    private let breakers: CircuitBreakers
    /// The time between rounds; zero turns the checks off.
    public let interval: Duration
    /// How long one check may take.
    public let timeout: Duration
    private let state = Locked(State())

    /// Creates a monitor; it does nothing until ``start()``.
    public init(providers: ProviderRegistry, breakers: CircuitBreakers, interval: Duration, timeout: Duration) {
        self.providers = providers
        self.breakers = breakers
        self.interval = interval
        self.timeout = timeout
    }

    /// The latest verdict of each provider checked so far, by name.
    public var latest: [String: ProviderHealth] { state.withLock { $0.latest } }

    /// Whether the background task runs.
    public var isRunning: Bool { state.withLock { $0.task != nil } }

    /// Starts checking in the background, one round at once and then one per interval; does nothing when the interval
    /// is zero or the checks already run.
    public func start() {
        guard interval > .zero else { return }
        state.withLock { state in
            guard state.task == nil else { return }
            state.task = Task { [self] in
                while !Task.isCancelled {
                    await checkNow()
                    try? await Task.sleep(for: interval)
                }
            }
        }
    }

    /// Stops the background checks and waits until the task has ended.
    public func stop() async {
        let task = state.withLock { state in
            defer { state.task = nil }
            return state.task
        }
        task?.cancel()
        await task?.value
    }

    /// Checks every provider once, all at once, and feeds the verdicts to the breakers.
    /// - Returns: the verdicts, by provider name.
    @discardableResult
    public func checkNow() async -> [String: ProviderHealth] {
        let timeout = timeout
        let verdicts = await withTaskGroup(of: (String, ProviderHealth).self) { group in
            for provider in providers.all {
                group.addTask {
                    let health = await withDeadline(timeout) { await provider.health() }
                    return (
                        provider.name,
                        health
                            ?? ProviderHealth(
                                status: .unavailable, message: "the health check did not answer within \(timeout)")
                    )
                }
            }
            return await group.reduce(into: [String: ProviderHealth]()) { $0[$1.0] = $1.1 }
        }
        guard !Task.isCancelled else { return verdicts }
        for (name, health) in verdicts {
            switch health.status {
            case .unavailable: breakers.trip(name)
            case .ok: if breakers.state(of: name) == .halfOpen { breakers.recordSuccess(name) }
            case .degraded: break
            }
        }
        state.withLock { $0.latest.merge(verdicts) { _, new in new } }
        return verdicts
    }
}
