/// What a conformance check found: it passed, or it cannot apply to this kind of provider.
public enum ConformanceOutcome: Codable, Sendable, Equatable {
    /// Every promise of the check holds.
    case passed
    /// The check's promises are about a transport this provider does not have; the reason says which.
    case notApplicable(String)
}
