/// A strategy found no answer: every attempt failed, was rejected, or no candidate was left to try.
public struct StrategyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The strategy that ran.
    public var strategy: SwitchboardConfiguration.Strategy
    /// Every request the strategy made, and how each ended.
    public var attempts: [Attempt]
    /// What went wrong, naming each failed attempt.
    public var message: String

    /// Creates an error.
    public init(strategy: SwitchboardConfiguration.Strategy, attempts: [Attempt], message: String) {
        self.strategy = strategy
        self.attempts = attempts
        self.message = message
    }

    /// An error whose message is `summary` followed by every attempt and how it ended.
    init(strategy: SwitchboardConfiguration.Strategy, attempts: [Attempt], summary: String) {
        let lines = attempts.map { "\($0.candidate)\($0.role == .answer ? "" : " (\($0.role.rawValue))"): \($0.outcome)" }
        let message = lines.isEmpty ? summary : "\(summary): " + lines.joined(separator: "; ")
        self.init(strategy: strategy, attempts: attempts, message: "\(strategy.rawValue): \(message)")
    }

    public var description: String { message }
}
