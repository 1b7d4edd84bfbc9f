import ArgumentParser

/// Parses enumeration options by raw value, naming the valid values on a mistake.
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
}
