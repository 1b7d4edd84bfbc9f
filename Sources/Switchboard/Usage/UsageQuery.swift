public import Foundation

/// Which ledger records to sum, and how to group them.
public struct UsageQuery: Sendable, Hashable {
    /// Only records at or after this time.
    public var since: Date?
    /// Only records before this time.
    public var until: Date?
    /// Only this provider instance.
    public var provider: String?
    /// Only this model id.
    public var model: String?
    /// Only records carrying this tag.
    public var tag: String?
    /// The grouping; nil for one grand total.
    package var grouping: UsageTotals.Grouping?

    /// Creates a query; without arguments it sums everything.
    public init(
        since: Date? = nil,
        until: Date? = nil,
        provider: String? = nil,
        model: String? = nil,
        tag: String? = nil,
        grouping: UsageTotals.Grouping? = nil
    ) {
        self.since = since
        self.until = until
        self.provider = provider
        self.model = model
        self.tag = tag
        self.grouping = grouping
    }
}
