internal import SwitchboardKit

/// The prices a price list has, whole (``Pricing``) or as a long-context tier (``LongContextPricing``): the one set of
/// price-file keys (``PriceFileReader/priceKeys()``) reads both.
protocol PriceListFields: Sendable {
    /// Uncached input.
    var input: Double { get set }
    /// Output text.
    var output: Double { get set }
    /// Input read from the prompt cache.
    var cacheRead: Double? { get set }
    /// Input written to the prompt cache with the default retention.
    var cacheWrite: Double? { get set }
    /// Input written to the prompt cache with the longer retention.
    var cacheWriteExtended: Double? { get set }
    /// Reasoning output.
    var reasoning: Double? { get set }
}

extension Pricing: PriceListFields {}
extension LongContextPricing: PriceListFields {}
