/// Whether a provider can answer right now.
///
/// JSON: `{"status":"ok"|"degraded"|"unavailable","message":"…","latency_ms":12.5}`.
public struct ProviderHealth: Codable, Sendable, Hashable {
    /// The verdict.
    public var status: Status
    /// Why, in words.
    public var message: String?
    /// How long the check took, in milliseconds.
    public var latencyMilliseconds: Double?

    /// Creates a health report.
    public init(status: Status, message: String? = nil, latencyMilliseconds: Double? = nil) {
        self.status = status
        self.message = message
        self.latencyMilliseconds = latencyMilliseconds
    }

    /// A provider's state.
    public enum Status: String, Codable, Sendable, Hashable {
        case ok, degraded, unavailable
    }

    private enum CodingKeys: String, CodingKey {
        case status, message, latencyMilliseconds = "latency_ms"
    }
}
