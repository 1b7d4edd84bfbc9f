public import SwitchboardKit

/// The answer a strategy produced, and how it got there.
public struct StrategyResult: Sendable, Hashable {
    /// The answer.
    public var response: ChatResponse
    /// The strategy that ran.
    public var strategy: SwitchboardConfiguration.Strategy
    /// The candidate whose answer this is.
    public var candidate: RouteCandidate
    /// Every request the strategy made: in the order they ran, for a race in the order they ended, for `vote` and
    /// `best_of` in candidate order (the judge last).
    public var attempts: [Attempt]

    /// Creates a result.
    public init(
        response: ChatResponse, strategy: SwitchboardConfiguration.Strategy, candidate: RouteCandidate,
        attempts: [Attempt]
    ) {
        self.response = response
        self.strategy = strategy
        self.candidate = candidate
        self.attempts = attempts
    }

    /// What the answer used and cost: the usage of `candidate`'s last successful answer attempt.
    public var usage: PricedUsage? {
        attempts.last { $0.candidate == candidate.id && $0.role != .judge && $0.outcome == .success }?.usage
    }

    /// What every attempt cost together, in US dollars (rejected answers and judgements included).
    public var costUSD: Double {
        attempts.reduce(0) { $0 + ($1.usage?.costUSD ?? 0) }
    }
}
