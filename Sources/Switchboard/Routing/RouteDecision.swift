/// What the router decided and why: the task classification (for a request), the planner rule applied, the
/// requirements in force after it, and the ranked candidates.
public struct RouteDecision: Sendable {
    /// How the request was classified; nil when the requirements were given directly.
    public var classification: TaskClassification?
    /// The first planner rule that matched, or nil.
    public var rule: PlannerRule?
    /// The requirements after the rule and the configuration's routing defaults.
    public var requirements: Requirements
    /// The best candidates, best first (at most the router's ``Router/candidateLimit``).
    public var candidates: [RouteCandidate]
    /// How many models met the requirements, listed or not.
    public var matched: Int

    /// Creates a decision.
    public init(
        classification: TaskClassification?,
        rule: PlannerRule?,
        requirements: Requirements,
        candidates: [RouteCandidate],
        matched: Int? = nil
    ) {
        self.classification = classification
        self.rule = rule
        self.requirements = requirements
        self.candidates = candidates
        self.matched = matched ?? candidates.count
    }
}
