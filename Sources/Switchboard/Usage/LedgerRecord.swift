public import Foundation

/// One row of the usage ledger: a priced answer, when it was recorded, and the request's tags.
public struct LedgerRecord: Sendable, Hashable {
    /// When the answer was recorded.
    public var time: Date
    /// The priced usage.
    public var usage: PricedUsage
    /// The request's tags (``ChatRequest/tags``), without duplicates.
    public var tags: [String]
    /// The provider's id for the response, when it gave one.
    package var responseID: String?

    /// Creates a record.
    public init(time: Date = Date(), usage: PricedUsage, tags: [String] = [], responseID: String? = nil) {
        self.time = time
        self.usage = usage
        self.tags = tags
        self.responseID = responseID
    }
}
