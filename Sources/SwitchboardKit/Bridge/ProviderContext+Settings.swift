public import Foundation

/// Typed, validated reads of a provider instance's settings.
///
/// Every accessor treats an absent or `null` setting as "not set", and throws `invalid_request` when the setting is
/// present but unusable, with a message of the form `setting "KEY" of provider "NAME" must be …; found …`. Messages
/// name the kind of a wrong value (see ``JSONValue/kindDescription``), never a secret's value.
extension ProviderContext {
    /// The string setting `key`, or `defaultValue` when absent.
    /// - Throws: `invalid_request` when the setting is present but not a string.
    public func string(_ key: String, default defaultValue: String? = nil) throws -> String? {
        switch settings[key] {
        case nil, .null?: return defaultValue
        case .string(let value)?: return value
        case let other?: throw settingError(key, expected: "a string", found: other)
        }
    }

    /// The string setting `key`, nil when absent.
    /// - Throws: `invalid_request` when the setting is not a string, or is the empty string.
    public func nonEmptyString(_ key: String) throws -> String? {
        guard let value = try string(key) else { return nil }
        guard !value.isEmpty else { throw invalidSetting(key, "must not be empty") }
        return value
    }

    /// The numeric setting `key` in seconds, or `defaultValue` when absent.
    public func number(_ key: String, default defaultValue: Double? = nil) throws -> Double? {
        switch settings[key] {
        case nil, .null?: return defaultValue
        case .number(let value)?: return value
        case let other?: throw settingError(key, expected: "a number", found: other)
        }
    }

    /// The boolean setting `key`, or `defaultValue` when absent.
    /// - Throws: `invalid_request` when the setting is present but not a boolean.
    public func bool(_ key: String, default defaultValue: Bool) throws -> Bool {
        switch settings[key] {
        case nil, .null?: return defaultValue
        case .bool(let value)?: return value
        case let other?: throw settingError(key, expected: "a boolean", found: other)
        }
    }

    /// The setting `key` as a number of seconds (e.g. `timeout_seconds`), nil when absent.
    /// - Throws: `invalid_request` when the setting is not a number, or not a positive finite one.
    public func positiveDuration(_ key: String) throws -> Duration? {
        guard let seconds = try number(key) else { return nil }
        guard seconds > 0, seconds.isFinite else {
            throw invalidSetting(key, "must be a positive number of seconds; found \(seconds)")
        }
        return .seconds(seconds)
    }

    /// The array-of-strings setting `key` (e.g. `extra_args`), empty when absent.
    /// - Throws: `invalid_request` naming the first element that is not a string, or the setting's kind when it is
    ///   not an array.
    public func stringArray(_ key: String) throws -> [String] {
        switch settings[key] {
        case nil, .null?:
            return []
        case .array(let elements)?:
            return try elements.enumerated().map { index, element in
                guard let string = element.stringValue else {
                    throw invalidSetting(
                        key, "must be an array of strings; element \(index) is \(element.kindDescription)")
                }
                return string
            }
        case let other?:
            throw invalidSetting(key, "must be an array of strings; found \(other.kindDescription)")
        }
    }

    /// The string-to-string object setting `key` (e.g. `env`), empty when absent.
    public func stringMap(_ key: String) throws -> [String: String] {
        switch settings[key] {
        case nil, .null?: return [:]
        case .object(let object)?:
            var result: [String: String] = [:]
            for (name, value) in object {
                guard let string = value.stringValue else {
                    throw settingError("\(key).\(name)", expected: "a string", found: value)
                }
                result[name] = string
            }
            return result
        case let other?: throw settingError(key, expected: "an object of strings", found: other)
        }
    }

    /// The http or https URL setting `key` (e.g. `base_url`), or `defaultValue` when absent, without a trailing
    /// slash, so paths can be appended as `"\(url.absoluteString)/path"`.
    /// - Throws: `invalid_request` quoting the value, its credentials hidden (``SecretPolicy/redactingURL(_:mask:)``),
    ///   when it is not an http or https URL with a host.
    public func httpURL(_ key: String, default defaultValue: String) throws -> URL {
        let text = try string(key, default: defaultValue) ?? defaultValue
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty,
            let trimmed = text.hasSuffix("/") ? URL(string: String(text.dropLast())) : url
        else {
            throw invalidSetting(
                key,
                "must be an http or https URL such as \(defaultValue); found \"\(SecretPolicy.redactingURL(text))\"")
        }
        return trimmed
    }

    /// The extra HTTP headers of the object setting `key` (e.g. `headers`), sorted by name, after `base`: a
    /// configured header replaces any header of `base` with the same name (compared without case).
    /// - Throws: `invalid_request` for a value that is not a string, a name that is empty or holds white space or
    ///   `:`, or a value that holds a line break.
    public func headers(_ key: String, over base: [HTTPHeader] = []) throws -> [HTTPHeader] {
        var configured: [HTTPHeader] = []
        for (field, value) in try stringMap(key).sorted(by: { $0.key < $1.key }) {
            guard !field.isEmpty, !field.contains(where: { $0.isWhitespace || $0 == ":" }) else {
                throw invalidSetting(key, "has the invalid header name \"\(field)\"")
            }
            guard !value.contains(where: \.isNewline) else {
                throw invalidSetting("\(key).\(field)", "must be one line; its value contains a line break")
            }
            configured.append(HTTPHeader(field, value))
        }
        let replaced = Set(configured.map { $0.name.lowercased() })
        return base.filter { !replaced.contains($0.name.lowercased()) } + configured
    }

    /// A secret: the setting `key` when present, otherwise the host's value of the variable `variable`.
    public func secret(_ key: String, fallbackVariable variable: String?) throws -> String? {
        if let value = try string(key), !value.isEmpty { return value }
        if let variableKey = try string("\(key)_env") { return host.secret(variableKey) }
        return variable.flatMap { host.secret($0) }
    }

    /// The API key: the `api_key` setting when it is not empty; otherwise the host's value of the variable that
    /// `api_key_env` names; otherwise the first of `fallbackVariables` the host has a value for. Trimmed of white
    /// space; nil when none is found or the key is empty.
    /// - Throws: `invalid_request` when `api_key_env` names a variable which is not set, or when the key holds a line
    ///   break (the message never quotes the key).
    public func apiKey(fallbackVariables: [String]) throws -> String? {
        let configured = try string("api_key") ?? ""
        let variable = try string("api_key_env")
        if let variable, configured.isEmpty, host.secret(variable) == nil {
            throw invalidSetting("api_key_env", "names \"\(variable)\", which is not set")
        }
        var key = try secret("api_key", fallbackVariable: fallbackVariables.first)
        if key == nil, variable == nil {
            key = fallbackVariables.dropFirst().lazy.compactMap { host.secret($0) }.first
        }
        guard let key = key?.trimmingCharacters(in: .whitespacesAndNewlines), !key.isEmpty else { return nil }
        guard !key.contains(where: \.isNewline) else {
            throw invalidSetting("api_key", "must be one line; the key found contains a line break")
        }
        return key
    }

    /// The `invalid_request` error for the setting `setting`: `setting "SETTING" of provider "NAME" PROBLEM`.
    /// - Parameter problem: what is wrong, e.g. `must not be empty`; never a secret's value.
    public func invalidSetting(_ setting: String, _ problem: String) -> ProviderError {
        ProviderError(.invalidRequest, "setting \"\(setting)\" of provider \"\(name)\" \(problem)", provider: name)
    }

    private func settingError(_ key: String, expected: String, found: JSONValue) -> ProviderError {
        invalidSetting(key, "must be \(expected); found \(found.kindDescription)")
    }
}
