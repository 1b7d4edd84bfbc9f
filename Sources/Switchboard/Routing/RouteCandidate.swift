public import SwitchboardKit

/// One provider/model the router proposes for a request, with why, what it would cost and how sure the router is.
public struct RouteCandidate: Sendable, Hashable {
    /// The provider instance's name.
    public var provider: String
    /// The model, as the registry knows it (catalog, overrides, discovery).
    public var model: ModelInfo
    /// Why this candidate, in words.
    public var rationale: String
    /// The estimated cost of the request in US dollars, from the token estimate and the catalog prices; nil when the
    /// model has no known price.
    package var estimatedCost: Double?
    /// How well the candidate fits the requirements, from 0 to 1.
    public var confidence: Double
    /// Whether the provider can be expected to answer, when the router ranked it; candidates of a provider known to
    /// be down come after all others.
    public var availability: Availability

    /// Creates a candidate.
    public init(
        provider: String,
        model: ModelInfo,
        rationale: String,
        estimatedCost: Double?,
        confidence: Double,
        availability: Availability = .available
    ) {
        self.provider = provider
        self.model = model
        self.rationale = rationale
        self.estimatedCost = estimatedCost
        self.confidence = confidence
        self.availability = availability
    }

    /// `provider/model`.
    public var id: String { "\(provider)/\(model.id)" }
}
