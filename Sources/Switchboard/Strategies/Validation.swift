public import SwitchboardKit

/// A host-supplied check of an answer, run by ``ExecutionStrategy/cascade(validator:)`` after each success.
public typealias ResponseValidator = @Sendable (ChatResponse) async -> Validation

/// What a ``ResponseValidator`` thinks of an answer.
public enum Validation: Sendable, Hashable {
    /// The answer is good enough: the cascade stops here.
    case accept
    /// The answer is not good enough, for this reason: the cascade escalates to the next candidate.
    case reject(String)
}
