internal import SwitchboardKit

/// The keys of an entry of Switchboard's own price file format: `Pricing`'s JSON form (USD per million tokens).
extension PriceFileReader {
    /// Why a price must not be negative.
    static let nonNegative = "prices are USD per million tokens; use 0 for free"

    /// An entry: prices, a long-context tier, service tiers and provenance.
    static let pricingSchema = ConfigurationSchema<Pricing>(
        "models.MODEL", what: "prices in USD per million tokens", doc: [], defaults: Pricing(input: 0, output: 0),
        keys: priceKeys() + [
            longContextKey(\.longContext),
            serviceTiersKey(\.serviceTiers),
            .string("source_url", \.sourceURL, doc: "Where the prices are published.", defaultText: "none"),
            ConfigurationKey(
                "as_of", type: "string", doc: "The date the prices were read, YYYY-MM-DD.",
                read: { reader, pricing in
                    guard let date = reader.string() else { return }
                    guard Pricing(input: 0, output: 0, asOf: date).validationProblems(at: "").isEmpty else {
                        reader.fail(
                            .invalidValue,
                            "expected a date written YYYY-MM-DD, found \"\(ConfigurationReader.shown(date))\"")
                        return
                    }
                    pricing.asOf = date
                },
                render: { _ in nil }),
        ])

    /// A service tier's prices: an entry without tiers or provenance of its own.
    static let serviceTierSchema = ConfigurationSchema<Pricing>(
        "models.MODEL.service_tiers.TIER", what: "prices in USD per million tokens", doc: [],
        defaults: Pricing(input: 0, output: 0), keys: priceKeys() + [longContextKey(\.longContext)])

    /// `long_context`: a price list's long-context tier, read into `keyPath` (a price file's entry, or a
    /// configuration's pricing override).
    /// - Parameter defaultText: what the docs say applies without the key.
    static func longContextKey<Section: Sendable>(
        _ keyPath: any WritableKeyPath<Section, LongContextPricing?> & Sendable, defaultText: String = "none"
    ) -> ConfigurationKey<Section> {
        ConfigurationKey(
            "long_context", type: "mapping",
            doc: "Prices of a whole request whose prompt is over a threshold: `above_input_tokens` and the prices.",
            defaultText: defaultText,
            read: { reader, section in section[keyPath: keyPath] = reader.read(longContextSchema) },
            render: { $0[keyPath: keyPath].map(longContextSchema.render) })
    }

    /// `service_tiers`: a price list per service tier, read into `keyPath`.
    /// - Parameter defaultText: what the docs say applies without the key.
    static func serviceTiersKey<Section: Sendable>(
        _ keyPath: any WritableKeyPath<Section, [String: Pricing]?> & Sendable, defaultText: String = "none"
    ) -> ConfigurationKey<Section> {
        ConfigurationKey(
            "service_tiers", type: "mapping", doc: "A price list per service tier (`priority`, `flex`, `batch`).",
            defaultText: defaultText,
            read: { reader, section in
                var tiers: [String: Pricing] = [:]
                for (name, entry) in reader.namedEntries(what: "price lists by service tier") ?? [] {
                    if let tier = entry.read(serviceTierSchema) { tiers[name] = tier }
                }
                section[keyPath: keyPath] = tiers
            },
            render: { section in
                section[keyPath: keyPath].map { tiers in
                    .map(tiers.keys.sorted().map { ($0, serviceTierSchema.render(tiers[$0]!)) })
                }
            })
    }

    /// The prices every price list has, whole or as a long-context tier.
    private static func priceKeys<Section: PriceListFields>() -> [ConfigurationKey<Section>] {
        [
            requiredPrice("input", \.input, "An uncached input token."),
            requiredPrice("output", \.output, "An output token."),
            .number("cache_read", \.cacheRead, nonNegative: nonNegative, doc: "A cache read.", defaultText: "input"),
            .number("cache_write", \.cacheWrite, nonNegative: nonNegative, doc: "A cache write.", defaultText: "input"),
            .number(
                "cache_write_extended", \.cacheWriteExtended, nonNegative: nonNegative,
                doc: "A cache write with the longer retention.", defaultText: "cache_write"),
            .number(
                "reasoning", \.reasoning, nonNegative: nonNegative, doc: "A reasoning token.", defaultText: "output"),
        ]
    }

    /// A long-context tier.
    static let longContextSchema = ConfigurationSchema<LongContextPricing>(
        "models.MODEL.long_context", what: "long-context prices", doc: [],
        defaults: LongContextPricing(aboveInputTokens: 1, input: 0, output: 0),
        keys: [
            ConfigurationKey(
                "above_input_tokens", type: "integer ≥ 1", doc: "The prompt length above which the tier applies.",
                required: "give the prompt length in tokens above which these prices apply",
                read: { reader, tier in
                    if let tokens = reader.integer(minimum: 1) { tier.aboveInputTokens = tokens }
                },
                render: { .scalar(String($0.aboveInputTokens)) })
        ] + priceKeys())

    /// A price every list must give.
    private static func requiredPrice<Section: Sendable>(
        _ name: String, _ keyPath: any WritableKeyPath<Section, Double> & Sendable, _ doc: String
    ) -> ConfigurationKey<Section> {
        ConfigurationKey(
            name, type: "number ≥ 0", doc: doc,
            required: "give the price of \(doc.lowercased().dropLast()) in USD per"
                + " million tokens",
            read: { reader, section in
                if let price = reader.number(nonNegative: nonNegative) { section[keyPath: keyPath] = price }
            },
            render: { .number($0[keyPath: keyPath]) })
    }
}
