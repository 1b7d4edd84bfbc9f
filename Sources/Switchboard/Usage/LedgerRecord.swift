public import Foundation
import SwitchboardKit

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

extension LedgerRecord {
    /// A record as a ledger stores it: its cost as recorded (not priced again), its price source in stored form, and
    /// its tags joined by ``LedgerSQL/tagSeparator``.
    /// - Throws: ``UsageLedgerError`` when `priceSource` is no stored form.
    init(
        stored time: Double, provider: String, model: String, usage: Usage, costUSD: Double, priceSource: String,
        responseID: String?, tags: String?, location: String
    ) throws {
        guard let source = PriceSource(stored: priceSource) else {
            throw UsageLedgerError(
                location: location, message: "a record's price_source \"\(priceSource)\" is not one Switchboard writes")
        }
        var priced = PricedUsage(provider: provider, model: model, usage: usage, pricing: nil, source: source)
        priced.costUSD = costUSD
        self.init(
            time: Date(timeIntervalSince1970: time), usage: priced,
            tags: tags.map { $0.split(separator: LedgerSQL.tagSeparator).map(String.init).sorted() } ?? [],
            responseID: responseID)
    }
}
