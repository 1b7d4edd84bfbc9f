public import SwitchboardKit

/// One element of ``StrategyExecutor/stream(_:strategy:candidates:)``: an event of the answer, or, last, the result.
public enum StrategyStreamEvent: Sendable, Hashable {
    /// An event of the answering candidate's stream. Events of a candidate that failed before its first content
    /// event are never passed on.
    case event(StreamEvent)
    /// The answer is complete: the assembled response, the candidate, and every attempt. Always the last element.
    case completed(StrategyResult)
}
