/// A classifier's verdict: the task type and why.
public struct TaskClassification: Sendable, Hashable {
    /// The task type.
    public var task: SwitchboardConfiguration.TaskType
    /// Why, in words (e.g. `matched "review"`).
    public var reason: String

    /// Creates a verdict.
    public init(task: SwitchboardConfiguration.TaskType, reason: String) {
        self.task = task
        self.reason = reason
    }
}
