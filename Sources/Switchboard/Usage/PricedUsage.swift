public import SwitchboardKit

/// One answer's usage and what it cost: the tokens, the price list that priced them, and where that came from.
public struct PricedUsage: Sendable, Hashable {
    /// The provider instance that answered (or whose cached answer was served).
    public var provider: String
    /// The model that was asked, as the catalog names it.
    public var model: String
    /// The normalised usage, estimated where the provider reported none.
    public var usage: Usage
    /// The prices applied, in USD per million tokens; nil for an unpriced model or a response-cache hit.
    public var pricing: Pricing?
    /// Where ``pricing`` came from.
    public var source: PriceSource
    /// The cost in US dollars: ``usage`` at ``pricing`` (cache reads, cache writes and reasoning at their own
    /// prices), 0 without a price.
    public var costUSD: Double

    /// Prices `usage` with `pricing` from `source`.
    public init(provider: String, model: String, usage: Usage, pricing: Pricing?, source: PriceSource) {
        self.provider = provider
        self.model = model
        self.usage = usage
        self.pricing = pricing
        self.source = source
        self.costUSD = pricing?.cost(of: usage) ?? 0
    }
}
