public import SwitchboardKit

extension SwitchboardHost {
    /// An executor over this host's providers (``provider(named:)``), sharing the host's ``reliability`` and metered
    /// by ``meter``.
    public var executor: StrategyExecutor {
        StrategyExecutor(
            providers: { [self] name in try provider(named: name) }, reliability: reliability, meter: meter)
    }

    /// Answers `request` over `candidates` with `strategy`, by default the configuration's `routing.strategy`.
    /// - Parameter options: this request's deadline, timeouts, retries and whether it may fall back.
    /// - Throws: ``StrategyError`` with every attempt when no answer was found.
    public func complete(
        _ request: ChatRequest,
        strategy: ExecutionStrategy? = nil,
        candidates: [RouteCandidate],
        options: ExecutionOptions = ExecutionOptions()
    ) async throws -> StrategyResult {
        try await executor.complete(
            request, strategy: strategy ?? ExecutionStrategy(configuration.routing.strategy), candidates: candidates,
            options: options)
    }

    /// Streams the answer to `request` over `candidates` with `strategy`, by default the configuration's
    /// `routing.strategy`; see ``StrategyExecutor/stream(_:strategy:candidates:options:)``.
    public func stream(
        _ request: ChatRequest,
        strategy: ExecutionStrategy? = nil,
        candidates: [RouteCandidate],
        options: ExecutionOptions = ExecutionOptions()
    ) -> AsyncThrowingStream<StrategyStreamEvent, any Error> {
        executor.stream(
            request, strategy: strategy ?? ExecutionStrategy(configuration.routing.strategy), candidates: candidates,
            options: options)
    }

    /// Embeds `request` over `candidates` with `strategy`, by default the configuration's `routing.strategy`; see
    /// ``StrategyExecutor/embed(_:strategy:candidates:options:)``.
    /// - Throws: ``StrategyError`` with every attempt when no candidate answered.
    public func embed(
        _ request: EmbeddingRequest,
        strategy: ExecutionStrategy? = nil,
        candidates: [RouteCandidate],
        options: ExecutionOptions = ExecutionOptions()
    ) async throws -> EmbeddingResult {
        try await executor.embed(
            request, strategy: strategy ?? ExecutionStrategy(configuration.routing.strategy), candidates: candidates,
            options: options)
    }

    /// Every provider's health (the background checks' latest verdict while they run, else a check now), discovery
    /// state and circuit breaker; see ``ModelRegistry/availability(timeout:)``.
    public func availability(timeout: Duration = .seconds(5)) async -> [ProviderAvailability] {
        let latest = healthMonitor.latest
        var reports = await models.availability(timeout: timeout, reusing: latest)
        for index in reports.indices {
            reports[index].circuit = reliability.breakers.state(of: reports[index].provider)
        }
        return reports
    }
}
