public import SwitchboardKit

extension SwitchboardHost {
    /// An executor over this host's providers (``provider(named:)``), metered by ``meter``.
    public var executor: StrategyExecutor {
        StrategyExecutor(providers: { [self] name in try provider(named: name) }, meter: meter)
    }

    /// Answers `request` over `candidates` with `strategy`, by default the configuration's `routing.strategy`.
    /// - Throws: ``StrategyError`` with every attempt when no answer was found.
    public func complete(
        _ request: ChatRequest,
        strategy: ExecutionStrategy? = nil,
        candidates: [RouteCandidate]
    ) async throws -> StrategyResult {
        try await executor.complete(
            request, strategy: strategy ?? ExecutionStrategy(configuration.routing.strategy), candidates: candidates)
    }

    /// Streams the answer to `request` over `candidates` with `strategy`, by default the configuration's
    /// `routing.strategy`; see ``StrategyExecutor/stream(_:strategy:candidates:)``.
    public func stream(
        _ request: ChatRequest,
        strategy: ExecutionStrategy? = nil,
        candidates: [RouteCandidate]
    ) -> AsyncThrowingStream<StrategyStreamEvent, any Error> {
        executor.stream(request, strategy: strategy ?? ExecutionStrategy(configuration.routing.strategy), candidates: candidates)
    }
}
