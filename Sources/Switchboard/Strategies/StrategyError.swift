public import SwitchboardKit

/// A strategy found no answer: every attempt failed, was rejected, or no candidate was left to try.
///
/// Front-ends read the host's verdict from it instead of deriving their own: ``kind`` (from the error taxonomy),
/// ``httpStatus`` (what a gateway answers) and ``retryAfter`` (when trying again may succeed).
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

    /// An error whose message is `summary` followed by every attempt and how it ended; consecutive attempts of one
    /// candidate that ended the same way are one entry (`a/m: 3 attempts failed: …`).
    init(strategy: SwitchboardConfiguration.Strategy, attempts: [Attempt], summary: String) {
        var lines: [(label: String, outcome: String, count: Int)] = []
        for attempt in attempts {
            let label = attempt.candidate + (attempt.role == .answer ? "" : " (\(attempt.role.rawValue))")
            let outcome = attempt.outcome.description
            if let last = lines.last, last.label == label, last.outcome == outcome {
                lines[lines.count - 1].count += 1
            } else {
                lines.append((label, outcome, 1))
            }
        }
        let entries = lines.map { line in
            line.count == 1 ? "\(line.label): \(line.outcome)" : "\(line.label): \(line.count) attempts \(line.outcome)"
        }
        let message = entries.isEmpty ? summary : "\(summary): " + entries.joined(separator: "; ")
        self.init(strategy: strategy, attempts: attempts, message: "\(strategy.rawValue): \(message)")
    }

    public var description: String { message }

    /// The kind of the whole failure: the last failed attempt's kind; else `unavailable` when candidates were not
    /// asked because their breakers were open (`rate_limited` when only rate limits kept them); `timeout` when the
    /// deadline passed first; `not_found` when there was no candidate at all; else `server`.
    public var kind: ProviderError.Kind {
        if let last = failures.last { return last.kind }
        if attempts.isEmpty { return .notFound }
        let unavailable = unavailabilities
        if !unavailable.isEmpty {
            return unavailable.allSatisfy { $0.reason == .rateLimited } ? .rateLimited : .unavailable
        }
        if attempts.contains(where: { if case .skipped = $0.outcome { true } else { false } }) { return .timeout }
        return .server
    }

    /// When trying again may succeed: the soonest Retry-After of a failed attempt or wait of an unavailable
    /// deployment; nil when none was given or ``kind`` is not worth retrying (a bad key stays bad).
    public var retryAfter: Duration? {
        guard ProviderError(kind, "").isRetryable else { return nil }
        let waits =
            failures.compactMap { failure in
                failure.retryAfter.map { Duration.milliseconds(Int64(($0 * 1000).rounded(.up))) }
            }
            + unavailabilities.map(\.retryAfter)
        return waits.min()
    }

    /// The HTTP status a gateway answers this failure with (``ProviderError/Kind/httpStatus``).
    public var httpStatus: Int { kind.httpStatus }

    private var failures: [ProviderError] {
        attempts.compactMap { attempt in if case .failure(let error) = attempt.outcome { error } else { nil } }
    }

    private var unavailabilities: [Unavailability] {
        attempts.compactMap { attempt in if case .unavailable(let why) = attempt.outcome { why } else { nil } }
    }
}
