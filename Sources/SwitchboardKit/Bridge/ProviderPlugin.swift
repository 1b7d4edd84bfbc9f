/// What a plugin author writes: a manifest and a factory. ``PluginExport`` turns it into the C table.
///
/// ```swift
/// enum EchoPlugin: ProviderPlugin {
///     static let manifest = PluginManifest(id: "echo", name: "Echo", version: "1.0.0")
///     static func makeProvider(_ context: ProviderContext) throws -> any Provider { EchoProvider(context) }
/// }
///
/// @_cdecl("switchboard_plugin_entry_v1")
/// public func entry(_ host: UnsafeRawPointer) -> UnsafeRawPointer? { PluginExport.entry(host, EchoPlugin.self) }
/// ```
public protocol ProviderPlugin {
    /// What the plugin offers, readable without creating an instance.
    static var manifest: PluginManifest { get }

    /// Creates a provider instance.
    /// - Throws: ``ProviderError`` (usually `invalid_request`) when the settings are unusable; the message names the
    ///   setting and says what was expected.
    static func makeProvider(_ context: ProviderContext) throws -> any Provider
}

/// Everything a provider instance is created from.
public struct ProviderContext: Sendable {
    /// The instance's name in the host's configuration (e.g. `lmstudio`).
    public var name: String
    /// The instance's settings object.
    public var settings: JSONValue
    /// The host's services.
    public var host: HostServices

    /// Creates a context.
    public init(name: String, settings: JSONValue = [:], host: HostServices) {
        self.name = name
        self.settings = settings
        self.host = host
    }

    /// An HTTP client over the host's transport whose errors name this instance.
    public func httpClient(errorMapper: ProviderHTTPClient.ErrorMapper? = nil) -> ProviderHTTPClient {
        ProviderHTTPClient(transport: host.transport, provider: name, errorMapper: errorMapper)
    }

    /// The string setting `key`, or `defaultValue` when absent.
    /// - Throws: `invalid_request` when the setting is present but not a string.
    public func string(_ key: String, default defaultValue: String? = nil) throws -> String? {
        switch settings[key] {
        case nil, .null?: return defaultValue
        case .string(let value)?: return value
        case let other?: throw settingError(key, expected: "a string", found: other)
        }
    }

    /// The numeric setting `key` in seconds, or `defaultValue` when absent.
    public func number(_ key: String, default defaultValue: Double? = nil) throws -> Double? {
        switch settings[key] {
        case nil, .null?: return defaultValue
        case .number(let value)?: return value
        case let other?: throw settingError(key, expected: "a number", found: other)
        }
    }

    /// The string-to-string object setting `key` (e.g. extra headers), empty when absent.
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

    /// A secret: the setting `key` when present, otherwise the host's value of the variable `variable`.
    public func secret(_ key: String, fallbackVariable variable: String?) throws -> String? {
        if let value = try string(key), !value.isEmpty { return value }
        if let variableKey = try string("\(key)_env") { return host.secret(variableKey) }
        return variable.flatMap { host.secret($0) }
    }

    private func settingError(_ key: String, expected: String, found: JSONValue) -> ProviderError {
        ProviderError(
            .invalidRequest,
            "setting \"\(key)\" of provider \"\(name)\" must be \(expected); found \(found.kindDescription)",
            provider: name
        )
    }
}

extension JSONValue {
    /// "a string", "a number", … for error messages (never the value itself, which may be a secret).
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
