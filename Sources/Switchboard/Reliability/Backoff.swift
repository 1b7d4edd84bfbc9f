/// Exponential backoff with full jitter: the wait before retry `n` is drawn uniformly from
/// `0 ..< min(maximum, initial × 2ⁿ⁻¹)`, and never shorter than a Retry-After the provider sent.
///
/// ```swift
/// var random = SystemRandomNumberGenerator()
/// let wait = Backoff(initial: .milliseconds(250), maximum: .seconds(8)).wait(beforeRetry: 2, retryAfter: nil, using: &random)
/// ```
public struct Backoff: Sendable, Hashable {
    /// The ceiling before the first retry.
    public var initial: Duration
    /// The largest ceiling.
    public var maximum: Duration

    /// Creates a backoff.
    public init(initial: Duration, maximum: Duration) {
        self.initial = initial
        self.maximum = max(initial, maximum)
    }

    /// The backoff `routing.retry` configures.
    public init(_ retry: SwitchboardConfiguration.Retry) {
        self.init(initial: .milliseconds(retry.initialBackoffMs), maximum: .milliseconds(retry.maxBackoffMs))
    }

    /// `min(maximum, initial × 2ⁿ⁻¹)` for retry `n` (1 is the first retry), saturating.
    public func ceiling(beforeRetry retry: Int) -> Duration {
        var ceiling = initial
        for _ in 0..<max(0, retry - 1) {
            guard maximum > ceiling && ceiling > .zero else { break }
            ceiling = ceiling * 2
        }
        return min(ceiling, maximum)
    }

    /// A wait drawn uniformly from `0 ..< ceiling(beforeRetry: retry)`, or at least `retryAfter` seconds when the
    /// provider asked for that.
    public func wait(
        beforeRetry retry: Int,
        retryAfter: Double?,
        using generator: inout some RandomNumberGenerator
    ) -> Duration {
        let ceiling = ceiling(beforeRetry: retry)
        let fraction = Double.random(in: 0..<1, using: &generator)
        let jittered = ceiling * fraction
        guard let retryAfter, retryAfter > 0 else { return jittered }
        return max(jittered, .milliseconds(Int64((retryAfter * 1000).rounded(.up))))
    }
}
