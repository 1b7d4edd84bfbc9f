/// Where the router may and should look for a model.
public enum LocalityPreference: String, Sendable, Hashable, CaseIterable {
    /// Only local models.
    case local
    /// Only cloud models.
    case cloud
    /// Any model; local ones rank higher.
    case preferLocal = "prefer_local"
    /// Any model.
    case any
}
