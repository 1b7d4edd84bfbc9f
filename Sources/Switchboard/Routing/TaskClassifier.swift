public import SwitchboardKit

/// Decides what kind of task a request is. ``KeywordTaskClassifier`` is the default; host code can pass its own to
/// ``Router`` (for instance one that asks a fast model).
public protocol TaskClassifier: Sendable {
    /// The task type of `request`.
    func classify(_ request: ChatRequest) async -> TaskClassification
}
