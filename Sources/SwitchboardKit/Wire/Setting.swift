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

    /// The setting's value in `context`.
    /// - Throws: `invalid_request` naming the setting when its value is unusable.
    public func value(in context: ProviderContext) throws -> Value {
        try read(context)
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
        Self([
            SettingDescriptor(
                name: "timeout_seconds", type: "number",
                description: "The longest one exchange may take; the host's default when absent")
        ]) { try $0.positiveDuration("timeout_seconds") }
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
