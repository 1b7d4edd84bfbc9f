/// How an ``ExecutionStrategy/ensemble(_:)`` combines several answers.
public enum EnsembleMode: Sendable, Hashable {
    /// Asks the first `count` candidates at once; the answer most of them give (after normalising: trimmed,
    /// whitespace collapsed, case-folded, trailing punctuation stripped) wins. A tie goes to the group whose first
    /// member comes earliest in the candidate order.
    case vote(count: Int = 3)
    /// The first candidate drafts; each next one (up to `count` in all) receives the original request and the
    /// previous answer and refines it. The last successful answer is the result.
    case chain(count: Int = 2)
    /// Asks the first `count` candidates at once; `judge` picks the best answer by its number. When the judge fails
    /// or its reply names no valid number, the first successful answer (in candidate order) is the result.
    case bestOf(count: Int = 3, judge: Judge = .candidate(0))
}

/// The model that judges a ``EnsembleMode/bestOf(count:judge:)`` ensemble.
public enum Judge: Sendable, Hashable {
    /// The candidate at this position of the ordered candidate list (0 is the first).
    case candidate(Int)
    /// A given provider instance and model id, whether or not it is a candidate.
    case model(provider: String, model: String)
}
