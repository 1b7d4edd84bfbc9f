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

extension ProviderHealth {
    /// Times `check`, e.g. one cheap request to the vendor: `ok` with the message it returns, or `unavailable` with
    /// the error it throws (as a ``ProviderError`` naming `provider`); the latency is recorded either way.
    public static func measure(
        provider: String,
        _ check: () async throws -> String
    ) async -> ProviderHealth {
        let clock = ContinuousClock()
        let start = clock.now
        func elapsed() -> Double {
            let duration = clock.now - start
            return Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        }
        do {
            let message = try await check()
            return ProviderHealth(status: .ok, message: message, latencyMilliseconds: elapsed())
        } catch {
            return ProviderHealth(
                status: .unavailable,
                message: ProviderError(error, provider: provider).description,
                latencyMilliseconds: elapsed()
            )
        }
    }
}
