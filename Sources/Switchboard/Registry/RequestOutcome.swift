/// How one request to a model went: what ``ModelRegistry/record(outcome:)`` learns latency and success rate from.
public struct RequestOutcome: Sendable, Hashable {
    /// The provider instance.
    public var provider: String
    /// The model id.
    public var model: String
    /// Whether the request succeeded.
    public var success: Bool
    /// How long it took.
    public var latency: Duration

    /// Creates an outcome.
    public init(provider: String, model: String, success: Bool, latency: Duration) {
        self.provider = provider
        self.model = model
        self.success = success
        self.latency = latency
    }
}
