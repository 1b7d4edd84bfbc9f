public import SwitchboardKit

/// The vectors an embeddings request produced, and how it got there: the embeddings counterpart of
/// ``StrategyResult``.
public struct EmbeddingResult: Sendable, Hashable {
    /// The answer.
    public var response: EmbeddingResponse
    /// The strategy that ran.
    public var strategy: SwitchboardConfiguration.Strategy
    /// The candidate whose answer this is.
    public var candidate: RouteCandidate
    /// Every attempt, in the order they ran.
    public var attempts: [Attempt]

    /// Creates a result.
    public init(
        response: EmbeddingResponse, strategy: SwitchboardConfiguration.Strategy, candidate: RouteCandidate,
        attempts: [Attempt]
    ) {
        self.response = response
        self.strategy = strategy
        self.candidate = candidate
        self.attempts = attempts
    }

    /// What the answer used and cost: the usage of `candidate`'s successful attempt.
    public var usage: PricedUsage? {
        attempts.last { $0.candidate == candidate.id && $0.outcome == .success }?.usage
    }

    /// What every attempt cost together, in US dollars.
    public var costUSD: Double {
        attempts.reduce(0) { $0 + ($1.usage?.costUSD ?? 0) }
    }
}
