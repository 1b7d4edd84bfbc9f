public import Foundation

/// One setting of a provider instance, declared once: its manifest descriptor and how its value is read.
///
/// The manifest lists it (``DeclaredSetting/descriptors``) and `makeProvider` reads it (`context[setting]`), so
/// its name, default and secret-ness are written in one place:
/// ```swift
/// static let region = Setting.string("region", "The region to call", default: "eu")
/// static let manifest = PluginManifest(id: "acme", name: "Acme", version: "1.0.0", settings: .declaring(region))
/// static func makeProvider(_ context: ProviderContext) throws -> any Provider {
///     AcmeProvider(region: try context[region])
/// }
/// ```
/// A value of the wrong kind throws `invalid_request` naming the setting (see ``ProviderContext``'s typed reads).
public struct Setting<Value: Sendable>: DeclaredSetting {
    public let descriptors: [SettingDescriptor]
    private let read: @Sendable (ProviderContext) throws -> Value

    /// A setting described by `descriptors` and read by `read`.
    public init(_ descriptors: [SettingDescriptor], read: @escaping @Sendable (ProviderContext) throws -> Value) {
        self.descriptors = descriptors
        self.read = read
    }

    /// A setting described by `descriptor` whose `read` is handed the setting's name, so the name is written once.
    public init(
        _ descriptor: SettingDescriptor, read: @escaping @Sendable (ProviderContext, _ name: String) throws -> Value
    ) {
        let name = descriptor.name
        self.init([descriptor]) { try read($0, name) }
    }

    /// The setting's value in `context`.
    /// - Throws: `invalid_request` naming the setting when its value is unusable.
    public func value(in context: ProviderContext) throws -> Value {
        try read(context)
    }

    /// This setting, refused with `invalid_request` naming it when `problem` finds its value unusable:
    /// `Setting.string("region", …).checked { $0.isEmpty ? "must not be empty" : nil }`.
    /// - Parameter problem: what is wrong with a value (`must be …`), nil when nothing is.
    public func checked(_ problem: @escaping @Sendable (Value) -> String?) -> Self {
        let name = descriptors.first?.name ?? ""
        return Self(descriptors) { [read] context in
            let value = try read(context)
            if let problem = problem(value) { throw context.invalidSetting(name, problem) }
            return value
        }
    }
}

extension Setting where Value == String {
    /// The string setting `name`, `defaultValue` when absent.
    public static func string(_ name: String, _ description: String, default defaultValue: String) -> Self {
        Self([
            SettingDescriptor(name: name, type: "string", description: description, defaultValue: .string(defaultValue))
        ]) {
            try $0.string(name, default: defaultValue) ?? defaultValue
        }
    }
}

extension Setting where Value == String? {
    /// The string setting `name`, nil when absent.
    public static func optionalString(_ name: String, _ description: String) -> Self {
        Self([SettingDescriptor(name: name, type: "string", description: description)]) { try $0.string(name) }
    }

    /// The string setting `name`, nil when absent; the empty string is refused.
    public static func nonEmptyString(_ name: String, _ description: String) -> Self {
        Self([SettingDescriptor(name: name, type: "string", description: description)]) {
            try $0.nonEmptyString(name)
        }
    }

    /// `api_key` (secret) and `api_key_env`, read by ``ProviderContext/apiKey(fallbackVariables:)`` with
    /// `variables` as the variables holding the key, in order, when neither is set.
    /// - Parameter consequence: what the manifest adds about an instance without a key (`; without a key …`).
    public static func apiKey(variables: [String], consequence: String = "") -> Self {
        var descriptors = SettingDescriptor.apiKey(variable: variables.joined(separator: ", else "))
        descriptors[0].description += consequence
        return Self(descriptors) { try $0.apiKey(fallbackVariables: variables) }
    }
}

extension Setting where Value == JSONValue? {
    /// The setting `name`, sent to the API as it is; nil when absent.
    /// - Parameters:
    ///   - type: the manifest's type (`array`, `string`, …).
    ///   - expected: what a value must be, for the error (`an array of objects such as …`).
    ///   - accepts: whether a value is usable.
    public static func passthrough(
        _ name: String, type: String, _ description: String, expected: String,
        accepts: @escaping @Sendable (JSONValue) -> Bool
    ) -> Self {
        Self([SettingDescriptor(name: name, type: type, description: description)]) { context in
            guard let value = context.settings[name], value != .null else { return nil }
            guard accepts(value) else {
                let found = value == .string("") ? "an empty string" : value.kindDescription
                throw context.invalidSetting(name, "must be \(expected); found \(found)")
            }
            return value
        }
    }
}

extension Setting where Value == Bool {
    /// The boolean setting `name`, `defaultValue` when absent.
    public static func bool(_ name: String, _ description: String, default defaultValue: Bool) -> Self {
        Self([
            SettingDescriptor(name: name, type: "boolean", description: description, defaultValue: .bool(defaultValue))
        ]) {
            try $0.bool(name, default: defaultValue)
        }
    }
}

extension Setting where Value == Int {
    /// The whole-number setting `name`, at least 1, `defaultValue` when absent.
    /// - Parameter unit: what the number counts, for the error (`tokens`).
    public static func positiveInteger(
        _ name: String, _ description: String, default defaultValue: Int, unit: String
    ) -> Self {
        Self(
            SettingDescriptor(
                name: name, type: "integer", description: description, defaultValue: .number(Double(defaultValue)))
        ) { context, name in
            guard let value = context.settings[name], value != .null else { return defaultValue }
            guard let number = value.intValue, number > 0 else {
                let found = value.doubleValue.map { "\($0)" } ?? value.kindDescription
                throw context.invalidSetting(name, "must be a positive whole number of \(unit); found \(found)")
            }
            return number
        }
    }
}

extension Setting where Value == [String] {
    /// The array-of-strings setting `name`, empty when absent (see ``ProviderContext/stringArray(_:)``).
    public static func strings(_ name: String, _ description: String) -> Self {
        Self([SettingDescriptor(name: name, type: "array", description: description)]) { try $0.stringArray(name) }
    }
}

extension Setting where Value == [String: String] {
    /// The string-to-string object setting `name`, empty when absent; `secret` when its values are (a CLI's `env`).
    public static func stringMap(_ name: String, _ description: String, secret: Bool) -> Self {
        Self([SettingDescriptor(name: name, type: "object", description: description, secret: secret)]) {
            try $0.stringMap(name)
        }
    }
}

extension Setting where Value == URL {
    /// `base_url`, an http or https URL defaulting to `defaultURL`, without a trailing slash (see
    /// ``ProviderContext/httpURL(_:default:)``).
    public static func baseURL(default defaultURL: String, _ description: String = "The API root") -> Self {
        Self([
            SettingDescriptor(
                name: "base_url", type: "string", description: description, defaultValue: .string(defaultURL))
        ]) {
            try $0.httpURL("base_url", default: defaultURL)
        }
    }
}

extension Setting where Value == Duration? {
    /// `timeout_seconds`: the longest one exchange may take; nil (the host's default) when absent.
    public static var timeout: Self {
        timeout("The longest one exchange may take; the host's default when absent")
    }

    /// `timeout_seconds`, a positive number of seconds, described by `description`; nil when absent.
    public static func timeout(_ description: String) -> Self {
        Self(SettingDescriptor(name: "timeout_seconds", type: "number", description: description)) { context, name in
            try context.positiveDuration(name)
        }
    }
}

extension Setting where Value == [HTTPHeader] {
    /// `headers`: extra HTTP headers sent with every request, sorted by name (see
    /// ``ProviderContext/headers(_:over:)``); they replace built-in headers of the same name.
    public static var headers: Self {
        Self([
            SettingDescriptor(
                name: "headers", type: "object",
                description: "Extra HTTP headers sent with every request (they replace built-in ones of the same name)")
        ]) { try $0.headers("headers") }
    }
}

extension ProviderContext {
    /// The value of `setting` in this instance's settings: `try context[Settings.baseURL]`.
    /// - Throws: `invalid_request` naming the setting when its value is unusable.
    public subscript<Value>(_ setting: Setting<Value>) -> Value {
        get throws { try setting.value(in: self) }
    }
}
