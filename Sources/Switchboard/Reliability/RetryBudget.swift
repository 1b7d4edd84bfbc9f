import SwitchboardKit

/// A process-wide limit on retries: a token bucket that every request adds `ratio` to and every retry takes one
/// token from, holding at most `reserve` tokens (at least one). A burst of up to `reserve` retries is always
/// possible; over time retries stay below `ratio` × requests, so an outage does not multiply the load.
public final class RetryBudget: Sendable {
    /// Tokens added per request.
    package let ratio: Double
    /// The bucket's size, and its content at the start.
    public let reserve: Double
    private let tokens: Locked<Double>

    /// Creates a full budget.
    public init(ratio: Double, reserve: Int) {
        self.ratio = max(0, ratio)
        self.reserve = Double(max(1, reserve))
        tokens = Locked(self.reserve)
    }

    /// The budget `routing.retry` configures.
    public convenience init(_ retry: SwitchboardConfiguration.Retry) {
        self.init(ratio: retry.budgetRatio, reserve: retry.budgetReserve)
    }

    /// Tokens left: how many retries may be made right now.
    public var balance: Double { tokens.withLock { $0 } }

    /// Records one request (not a retry): adds `ratio`, up to `reserve`.
    package func recordRequest() {
        tokens.withLock { $0 = min(reserve, $0 + ratio) }
    }

    /// Takes one token for a retry, if there is one.
    /// - Returns: whether the retry may be made.
    package func withdraw() -> Bool {
        tokens.withLock { tokens in
            guard tokens >= 1 else { return false }
            tokens -= 1
            return true
        }
    }
}
