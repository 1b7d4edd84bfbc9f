public import SwitchboardKit

/// One request a strategy made to one candidate, and how it ended.
public struct Attempt: Sendable, Hashable {
    /// The candidate's id, `provider/model`.
    public var candidate: String
    /// What the request was for.
    public var role: Role
    /// How it ended.
    public var outcome: Outcome
    /// How long it took, from the request to its outcome.
    public var duration: Duration
    /// What the answer used and cost, when the candidate answered (also for an answer a validator rejected);
    /// nil for a failure.
    public var usage: PricedUsage?

    /// Creates an attempt record.
    public init(
        candidate: String, role: Role = .answer, outcome: Outcome, duration: Duration, usage: PricedUsage? = nil
    ) {
        self.candidate = candidate
        self.role = role
        self.outcome = outcome
        self.duration = duration
        self.usage = usage
    }

    /// How an attempt ended.
    public enum Outcome: Sendable, Hashable, CustomStringConvertible {
        /// The candidate answered.
        case success
        /// The candidate failed with this error.
        case failure(ProviderError)
        /// The candidate answered, and the cascade's validator rejected the answer for this reason.
        case rejected(String)
        /// The strategy cancelled the request (a race another candidate won).
        case cancelled
        /// The candidate was not asked, for this reason: the request's deadline had passed.
        case skipped(String)
        /// The candidate was not asked because its deployment does not take requests for longer than the request
        /// may wait (an open circuit breaker, a Retry-After, a client-side rate limit), or another deployment could
        /// answer at once.
        case unavailable(Unavailability)

        public var description: String {
            switch self {
            case .success: "success"
            case .failure(let error): "failed: \(error.detail)"
            case .rejected(let reason): "rejected: \(reason)"
            case .cancelled: "cancelled"
            case .skipped(let reason): "skipped: \(reason)"
            case .unavailable(let unavailability): "unavailable: \(unavailability)"
            }
        }
    }

    /// What an attempt was for.
    public enum Role: String, Sendable, Hashable {
        /// An answer to the request (every strategy but the ones below).
        case answer
        /// A refinement of the previous answer (`ensemble` `chain`, after the draft).
        case refine
        /// A judgement between answers (`ensemble` `best_of`).
        case judge
    }
}

extension Attempt.Outcome {
    /// Whether the candidate was not asked at all (skipped or unavailable).
    var wasNotAsked: Bool {
        switch self {
        case .skipped, .unavailable: true
        default: false
        }
    }
}
