import ArgumentParser
import Foundation

/// Parses option values: enumerations by raw value, naming the valid values on a mistake; times; `key=value` pairs.
enum Parse {
    static func value<Value: RawRepresentable & CaseIterable & SendableMetatype>(_ type: Value.Type)
        -> @Sendable (String) throws -> Value
    where Value.RawValue == String {
        { text in
            guard let value = Value(rawValue: text) else {
                throw ValidationError(
                    "\"\(text)\" is not one of \(Value.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return value
        }
    }

    /// Splits `key=value` options (`--setting`, `--metadata`) into a dictionary.
    /// - Throws: `ValidationError` naming `option` and the first item without `=`.
    static func pairs(_ items: [String], option: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for item in items {
            guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                throw ValidationError("\(option) expects key=value, found \"\(item)\"")
            }
            result[String(item[..<equals])] = String(item[item.index(after: equals)...])
        }
        return result
    }

    /// Parses a `--since` time: `YYYY-MM-DD` (UTC midnight) or an ISO 8601 time.
    /// - Throws: `ValidationError` saying what the value is not.
    @Sendable static func time(_ text: String) throws -> Date {
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        if let date = day.date(from: text), text.count == 10 { return date }
        let time = ISO8601DateFormatter()
        if let date = time.date(from: text) { return date }
        time.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = time.date(from: text) { return date }
        throw ValidationError("\"\(text)\" is not a date (YYYY-MM-DD) or an ISO 8601 time (2025-06-01T12:00:00Z)")
    }
}
