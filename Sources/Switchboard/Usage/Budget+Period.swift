public import Foundation

extension SwitchboardConfiguration.Budget.Period {
    /// The start of the period that contains `date`, in UTC: midnight, Monday midnight, the first of the month, or
    /// the beginning of time for `total`.
    public func start(containing date: Date) -> Date {
        switch self {
        case .day: Self.calendar.startOfDay(for: date)
        case .week: Self.calendar.dateInterval(of: .weekOfYear, for: date)?.start ?? date
        case .month: Self.calendar.dateInterval(of: .month, for: date)?.start ?? date
        case .total: Date(timeIntervalSince1970: 0)
        }
    }

    /// When the period that contains `date` ends (and the next begins); nil for `total`.
    public func end(containing date: Date) -> Date? {
        switch self {
        case .day: Self.calendar.date(byAdding: .day, value: 1, to: start(containing: date))
        case .week: Self.calendar.date(byAdding: .day, value: 7, to: start(containing: date))
        case .month: Self.calendar.date(byAdding: .month, value: 1, to: start(containing: date))
        case .total: nil
        }
    }

    /// The period in words, for messages: `today`, `this week`, `this month`, `in total`.
    var phrase: String {
        switch self {
        case .day: "today"
        case .week: "this week"
        case .month: "this month"
        case .total: "in total"
        }
    }

    /// ISO 8601 weeks (from Monday), in UTC.
    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
