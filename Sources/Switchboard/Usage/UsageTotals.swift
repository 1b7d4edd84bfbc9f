public import SwitchboardKit

/// The sum of ledger records: one group of a ``UsageLedger/totals(_:)`` report.
public struct UsageTotals: Sendable, Hashable {
    /// The group: a provider name, `provider/model`, or a tag; nil for the grand total.
    public var key: String?
    /// How many answers were recorded.
    public var requests: Int
    /// How many of them the response cache served.
    package var responseCacheHits: Int
    /// How many carried estimated usage.
    public var estimated: Int
    /// The tokens, summed field by field, the 1-hour cache writes among them (`estimated` is set when any record
    /// was; a sum has no service tier).
    public var usage: Usage
    /// The cost in US dollars.
    public var costUSD: Double

    /// Creates totals.
    public init(key: String?, requests: Int, responseCacheHits: Int, estimated: Int, usage: Usage, costUSD: Double) {
        self.key = key
        self.requests = requests
        self.responseCacheHits = responseCacheHits
        self.estimated = estimated
        self.usage = usage
        self.costUSD = costUSD
    }

    /// What to group totals by.
    public enum Grouping: String, Sendable, Hashable, CaseIterable {
        /// The provider instance.
        case provider
        /// The provider and model, `provider/model`.
        case model
        /// Each tag (a record with two tags counts in both groups; untagged records are left out).
        case tag
    }
}

extension UsageTotals {
    /// Totals from a ``LedgerSQL/totals(_:)`` row, whose sums are floating-point.
    init(
        key: String?, requests: Int, hits: Double, estimated: Double, inputUncached: Double, inputCacheRead: Double,
        inputCacheWrite: Double, inputCacheWriteExtended: Double, outputText: Double, outputReasoning: Double,
        costUSD: Double
    ) {
        self.init(
            key: key, requests: requests, responseCacheHits: Int(hits), estimated: Int(estimated),
            usage: Usage(
                inputUncached: Int(inputUncached), inputCacheRead: Int(inputCacheRead),
                inputCacheWrite: Int(inputCacheWrite), inputCacheWriteExtended: Int(inputCacheWriteExtended),
                outputText: Int(outputText),
                outputReasoning: Int(outputReasoning), estimated: estimated > 0),
            costUSD: costUSD)
    }
}
