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
