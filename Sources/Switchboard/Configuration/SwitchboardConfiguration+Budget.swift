extension SwitchboardConfiguration {
    /// A spending limit (`budgets` entry).
    public struct Budget: Sendable, Equatable {
        /// The budget's name, unique among budgets.
        public var name: String
        /// The period the limit applies to. Default: `month`.
        public var period: Period
        /// The limit in USD, non-negative.
        public var limitUSD: Double
        /// Only count spending on this provider instance.
        public var provider: String?
        /// Only count requests with this tag.
        public var tag: String?
        /// What happens when the limit is reached. Default: `block`.
        public var action: Action
        /// Fractions of the limit (0.8 = 80 %) at which spending raises an alert (a log line and a metric), sorted.
        /// Default: none.
        public var alertAt: [Double]

        /// Creates a budget.
        public init(
            name: String,
            period: Period = .month,
            limitUSD: Double,
            provider: String? = nil,
            tag: String? = nil,
            action: Action = .block,
            alertAt: [Double] = []
        ) {
            self.name = name
            self.period = period
            self.limitUSD = limitUSD
            self.provider = provider
            self.tag = tag
            self.action = action
            self.alertAt = alertAt
        }

        /// A budget period.
        public enum Period: String, Sendable, Hashable, CaseIterable {
            /// A calendar day (UTC).
            case day
            /// A calendar week (UTC, from Monday).
            case week
            /// A calendar month (UTC).
            case month
            /// All time.
            case total
        }

        /// What happens when a budget is reached.
        public enum Action: String, Sendable, Hashable, CaseIterable {
            /// Refuse further requests.
            case block
            /// Log a warning and continue.
            case warn
        }
    }
}

extension SwitchboardConfiguration.Budget {
    /// A `budgets` entry's keys.
    package static let schema = ConfigurationSchema<Self>(
        "budgets[]", what: "a budget", doc: [], defaults: Self(name: "", limitUSD: 0),
        keys: [
            .string(
                "name", \.name, doc: "Unique among budgets.",
                required: "give the budget a name, such as `name: monthly-openai`"),
            .enumeration("period", \.period, what: "period", doc: "The period the limit applies to."),
            ConfigurationKey(
                "limit_usd", type: "number ≥ 0", doc: "The limit in USD.",
                required: "give the limit in USD, such as `limit_usd: 100`", defaultText: "required",
                read: { reader, budget in
                    budget.limitUSD = reader.number(nonNegative: "a budget is a limit in USD") ?? 0
                },
                render: { .number($0.limitUSD) }),
            ConfigurationKey(
                "provider", type: "string", doc: "Only count spending on this provider instance.", defaultText: "all",
                read: { reader, budget in budget.provider = reader.providerName() },
                render: { $0.provider.map { .string($0) } }),
            .string("tag", \.tag, doc: "Only count requests with this tag.", defaultText: "all"),
            .enumeration(
                "action", \.action, what: "action",
                doc: "`block` refuses a request that would exceed the limit (`budget_exceeded`, before any network"
                    + " call); `warn` logs and continues."),
            ConfigurationKey(
                "alert_at", type: "list of numbers",
                doc: "Fractions of the limit (each > 0; `0.8` = 80 %) at which spending logs a warning and counts"
                    + " `switchboard_budget_alerts_total`.",
                read: { reader, budget in budget.alertAt = alertThresholds(reader) },
                render: { $0.alertAt.isEmpty ? nil : .list($0.alertAt.map { .number($0) }) }),
        ])

    /// The `budgets` key of the top level: a list of budgets with distinct names.
    static let listKey = ConfigurationKey<SwitchboardConfiguration>(
        "budgets", type: "list of mappings (`budgets[]`)",
        doc: "Spending limits (docs/usage-and-cost.md); they need `usage.enabled`.",
        example: [
            "- name: monthly-openai", "  period: month", "  limit_usd: 100", "  provider: openai", "  tag: team-a",
            "  action: block", "  alert_at: [0.8]",
        ],
        read: { reader, configuration in
            configuration.budgets = reader.uniquelyNamedElements(
                schema, what: "budgets (each with `name` and `limit_usd`)", name: \.name, noun: "budget", each: "budget"
            )
        },
        render: { .list($0.budgets.map { schema.render($0) }) },
        nestedTables: { schema.tables() })

    /// `alert_at`: fractions of the limit (each > 0), sorted, without duplicates.
    private static func alertThresholds(_ reader: ConfigurationReader) -> [Double] {
        var thresholds: Set<Double> = []
        for element in reader.elements(what: "fractions of the limit, such as `[0.5, 0.8]`") {
            guard let value = element.number() else { continue }
            guard value > 0 else {
                element.fail(
                    .invalidValue, "an alert threshold is a fraction of the limit above 0 (0.8 = 80 %), found \(value)")
                continue
            }
            thresholds.insert(value)
        }
        return thresholds.sorted()
    }
}
